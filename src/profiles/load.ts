import { readdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { readBoundedTextFile, UnreadableFileError, FileTooLargeError } from '../files/read-bounded.ts';
import { describeError } from '../model/errors.ts';
import { PumpProfileSchema, ProfileError, type PumpProfile } from '../model/index.ts';
import { nearestName } from '../model/nearest.ts';
import { describeIssues } from '../model/schema-issues.ts';
import { packagePath } from '../files/package-root.ts';

export const DEFAULT_PROFILE_NAME = 'codman-3000-30ml';

/** `<repo>/hardware/profiles`, found from this file so it works from any working directory. */
export const DEFAULT_PROFILES_DIR = packagePath('hardware', 'profiles');

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
 * names the file and the failing field (with the nearest valid key for a typo). A file over
 * INPUT_FILE_LIMITS.profile is refused from its size, before it is read.
 */
export function loadProfile(nameOrPath: string, dir: string = DEFAULT_PROFILES_DIR): PumpProfile {
  const file = isPath(nameOrPath) ? resolve(nameOrPath) : join(dir, `${nameOrPath}.json`);
  let text: string;
  try {
    text = readBoundedTextFile(file, 'profile');
  } catch (error) {
    if (error instanceof FileTooLargeError) throw new ProfileError(error.message);
    const code = error instanceof UnreadableFileError ? error.code : undefined;
    if (code === 'ENOENT' && !isPath(nameOrPath)) {
      let known = '';
      try {
        const names = listProfiles(dir);
        const nearest = nearestName(nameOrPath, names);
        known = nearest === undefined ? ` (known: ${names.join(', ')})` : ` (did you mean ${nearest}? known: ${names.join(', ')})`;
      } catch {
        // The directory itself is missing; the file name already says where we looked.
      }
      throw new ProfileError(`no pump profile "${nameOrPath}": ${file} not found${known}`);
    }
    throw new ProfileError(`pump profile ${describeError(error)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ProfileError(`invalid pump profile ${file}: not JSON (${describeError(error)})`);
  }
  const parsed = PumpProfileSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    throw new ProfileError(
      `invalid pump profile ${file}: ${describeIssues(parsed.error, { schema: PumpProfileSchema, data: raw }).join('; ')}`,
    );
  }
  const profile = parsed.data;
  // The name is the profile's id everywhere (store, CLI); it must match what users type.
  const stem = basename(file, '.json');
  if (profile.name !== stem) {
    throw new ProfileError(`invalid pump profile ${file}: name: "${profile.name}" must equal the file name "${stem}"`);
  }
  return profile;
}
