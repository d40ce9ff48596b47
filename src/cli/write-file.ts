import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeError } from '../model/errors.ts';
import { CliError } from './shared.ts';

/**
 * Writes `text` to `file` through a temporary file in the same directory, renamed over the
 * target: a reader sees the old file or the new one, never half of one. A target that is a
 * directory or lies in a missing directory is refused before anything is written, and the
 * temporary file is removed on every error, so nothing is left behind anywhere.
 * `flag` names the option the path came from (`--ics`), for the message.
 */
export function writeFileAtomically(file: string, text: string, flag: string): void {
  const dir = dirname(file);
  const target = statOrUndefined(file);
  if (target?.isDirectory() === true) throw new CliError(`${flag} ${file}: is a directory; give a file name`, 'usage');
  const parent = statOrUndefined(dir);
  if (parent === undefined || !parent.isDirectory()) throw new CliError(`${flag} ${file}: directory ${dir} does not exist`, 'usage');
  const tmp = join(dir, `.${basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, file);
  } catch (error) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The directory refused the write; it refuses the removal too, and then nothing was created.
    }
    throw new CliError(`${flag} ${file}: cannot write (${describeError(error)})`, 'failure');
  }
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
