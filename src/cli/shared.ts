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

/** Number flag coercion for commander: keeps the raw string so zod can report it. */
export const numberFlag = z.coerce.number().refine(Number.isFinite, 'must be a finite number');

export const NOT_FOR_CLINICAL_USE =
  'NOT FOR CLINICAL USE: a research and bench toolkit; it must never drive or inform the care of a patient.';
