/**
 * Reading the files users hand us (scenarios, profiles, CSV runs, transcripts) with a size limit
 * checked BEFORE anything is read or parsed: a 10 MB scenario is refused from its size alone, in
 * milliseconds and without the memory a YAML parse of it would take.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { HaipumpError, describeError } from '../model/errors.ts';

const MIB = 1024 * 1024;

/** The documented limits (README "Input limits"). Real files are far smaller; these only stop accidents. */
export const INPUT_FILE_LIMITS = {
  /** Lifecycle and HIL scenario files (YAML or JSON). */
  scenario: MIB,
  /** Pump profiles (JSON). */
  profile: MIB,
  /** Recorded gravimetric runs: 64 MiB is about two million samples, years at one a minute. */
  csv: 64 * MIB,
  /** HIL transcripts (JSON lines, every byte each way). */
  transcript: 64 * MIB,
} as const;
export type InputFileKind = keyof typeof INPUT_FILE_LIMITS;

const WHAT: Record<InputFileKind, string> = {
  scenario: 'a scenario file',
  profile: 'a pump profile',
  csv: 'a CSV file',
  transcript: 'a transcript',
};

/** `1 MiB`, `9.5 MiB`, `512 KiB`, `300 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB) return `${Number((bytes / MIB).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} bytes`;
}

/** The file cannot be read at all (missing, a directory, no permission): a bad file given. */
export class UnreadableFileError extends HaipumpError {
  constructor(
    readonly file: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(`${file}: cannot read (${describeErrno(code, cause)})`, 'usage', { cause });
  }
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
};

function describeErrno(code: string | undefined, cause: unknown): string {
  const text = code === undefined ? undefined : ERRNO_TEXT[code];
  if (text !== undefined) return text;
  return code ?? describeError(cause);
}

/** The file is over its kind's limit; nothing of it was read. */
export class FileTooLargeError extends HaipumpError {
  constructor(
    readonly file: string,
    readonly sizeBytes: number,
    readonly limitBytes: number,
    kind: InputFileKind,
  ) {
    super(
      `${file}: ${formatBytes(sizeBytes)} (${sizeBytes} bytes) is over the ${formatBytes(limitBytes)} limit for ${WHAT[kind]}`,
      'usage',
    );
  }
}

/**
 * Reads a UTF-8 text file of at most `INPUT_FILE_LIMITS[kind]` bytes. The size comes from fstat of
 * the open descriptor, and the read stops one byte past the limit, so a file that grows between
 * the two is refused as well. A file that cannot be read is an UnreadableFileError.
 */
export function readBoundedTextFile(file: string, kind: InputFileKind): string {
  try {
    return readBounded(file, kind);
  } catch (error) {
    if (error instanceof FileTooLargeError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UnreadableFileError(file, typeof code === 'string' ? code : undefined, error);
  }
}

function readBounded(file: string, kind: InputFileKind): string {
  const limit = INPUT_FILE_LIMITS[kind];
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size > limit) throw new FileTooLargeError(file, size, limit, kind);
    // One byte more than fstat says, so EOF is seen in the first pass; grown only if the file grew.
    let buffer = Buffer.alloc(size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const grown = Buffer.alloc(Math.min(limit + 1, buffer.length * 2));
        buffer.copy(grown);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > limit) throw new FileTooLargeError(file, length, limit, kind);
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
