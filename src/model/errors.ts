/**
 * The error vocabulary every layer shares (issue 12 moves the remaining domain errors onto it).
 * A failure says what KIND of failure it is; the CLI's one exit-code table (src/cli/exit-codes.ts)
 * turns kinds into numbers, so no layer below the CLI ever chooses an exit code.
 */

/**
 * - usage: what the user gave is wrong (flag, value, file); nothing was run.
 * - wrong: it ran, and the result is wrong (out of tolerance, deviation, failed step or check).
 * - unreachable: the device did not answer or its port cannot be opened.
 * - failure: anything else (I/O, database, a bug).
 */
export const ERROR_KINDS = ['usage', 'wrong', 'unreachable', 'failure'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Base for errors that know their kind. */
export class HaipumpError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One line for a person: the message's first line, or the thrown value as text. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? '';
}
