import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePumpProfile, ProfileError, type PumpProfile } from '../model/index.ts';

export const DEFAULT_PROFILE_NAME = 'codman-3000-30ml';

/** `<repo>/hardware/profiles`, found from this file so it works from any working directory. */
export const DEFAULT_PROFILES_DIR = fileURLToPath(new URL('../../hardware/profiles/', import.meta.url));

/** Profile names (file names without .json) in `dir`, sorted. */
export function listProfiles(dir: string = DEFAULT_PROFILES_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => extname(file) === '.json')
    .map((file) => basename(file, '.json'))
    .sort();
}

function isPath(nameOrPath: string): boolean {
  return nameOrPath.endsWith('.json') || nameOrPath.includes('/') || nameOrPath.includes('\\');
}

/**
 * Loads and validates a profile: a bare name means `<dir>/<name>.json`; anything ending in .json
 * or containing a slash is a path. Every failure is a ProfileError with a one-line message that
 * names the file and the failing field.
 */
export function loadProfile(nameOrPath: string, dir: string = DEFAULT_PROFILES_DIR): PumpProfile {
  const file = isPath(nameOrPath) ? resolve(nameOrPath) : join(dir, `${nameOrPath}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !isPath(nameOrPath)) {
      let known = '';
      try {
        known = ` (known: ${listProfiles(dir).join(', ')})`;
      } catch {
        // The directory itself is missing; the file name already says where we looked.
      }
      throw new ProfileError(`no pump profile "${nameOrPath}": ${file} not found${known}`);
    }
    throw new ProfileError(`cannot read pump profile ${file}: ${code ?? String(error)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ProfileError(`invalid pump profile ${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const profile = parsePumpProfile(raw, file);
  // The name is the profile's id everywhere (store, CLI); it must match what users type.
  const stem = basename(file, '.json');
  if (profile.name !== stem) {
    throw new ProfileError(`invalid pump profile ${file}: name: "${profile.name}" must equal the file name "${stem}"`);
  }
  return profile;
}
