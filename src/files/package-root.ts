/**
 * Paths inside the haipump package (hardware/, scenarios/, bin/, package.json), found from where
 * this code runs: the TypeScript sources, or the bundle in dist/ (whose files sit at other depths).
 * Walking up to the package's own package.json works for both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

function isOurs(dir: string): boolean {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'name' in parsed && parsed.name === 'haipump';
  } catch {
    return false;
  }
}

/** The package's root directory. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!isOurs(dir)) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no haipump package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  root = dir;
  return dir;
}

/** A path inside the package, e.g. `packagePath('hardware', 'pump-models.json')`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
