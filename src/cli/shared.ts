import { z } from 'zod';

/** A user-facing failure: printed as one line on stderr, exits with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/** Formats a zod error as one line that names each offending field. */
export function describeZodError(error: z.ZodError, what: string): string {
  const parts = error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  return `${what}: ${parts.join('; ')}`;
}

/** Parses already-collected CLI options with a zod schema; a bad flag becomes a CliError. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown, what = 'invalid option'): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw new CliError(describeZodError(result.error, what), 2);
  return result.data;
}

/** Writes one JSON document to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes one JSON line to stdout (for streams). */
export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/**
 * A numeric flag. Commander hands over strings; "abc", "" and "Infinity" are refused with the text
 * the user typed, instead of zod's "received NaN".
 */
export const numberFlag = z.union([z.number(), z.string()]).transform((raw, ctx) => {
  const value = typeof raw === 'number' ? raw : raw.trim() === '' ? Number.NaN : Number(raw);
  if (Number.isFinite(value)) return value;
  ctx.addIssue({ code: 'custom', message: `expected a number, got ${JSON.stringify(raw)}` });
  return z.NEVER;
});

export const NOT_FOR_CLINICAL_USE =
  'NOT FOR CLINICAL USE: a research and bench toolkit; it must never drive or inform the care of a patient.';
