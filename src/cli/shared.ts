import * as z from 'zod';
import { HaipumpError, type ErrorKind } from '../model/errors.ts';
import { describeIssues, kebabName, unitOfName } from '../model/schema-issues.ts';
import { stdout } from './io.ts';

/**
 * A user-facing failure the CLI itself detects: one line on stderr; its kind picks the exit code
 * (src/cli/exit-codes.ts). Domain errors need no wrapping: they carry their kind or are in the table.
 */
export class CliError extends HaipumpError {
  constructor(message: string, kind: ErrorKind = 'failure') {
    super(message, kind);
  }
}

/** Flags whose unit the name does not carry. */
const FLAG_UNITS: Readonly<Record<string, string>> = { rate: 'mL/h', within: 'days', 'interval-s': 's' };

/** `tempC` → `--temp-c`; an argument (named in `args`) is shown as `<name>`. */
function flagOf(key: PropertyKey | undefined, args: Readonly<Record<string, string>>): string {
  if (typeof key !== 'string') return '(options)';
  return args[key] ?? `--${kebabName(key)}`;
}

export interface OptionNames {
  /** Keys that are positional arguments, with how to show them: `{ device: '<device>' }`. */
  args?: Readonly<Record<string, string>>;
}

/**
 * Parses already-collected CLI options with a zod schema; a bad flag becomes a usage error that
 * names the flag as typed, with its unit and the value given: `--temp-c: must be at most 45 °C, got 50`.
 */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown, names: OptionNames = {}): z.output<S> {
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const args = names.args ?? {};
  const typedValue = (path: readonly PropertyKey[]): unknown => {
    const key = path[0];
    return typeof raw === 'object' && raw !== null && typeof key === 'string' ? (raw as Record<string, unknown>)[key] : undefined;
  };
  const messages = describeIssues(result.error, {
    where: (path) =>
      flagOf(path[0], args) +
      (path.length > 1
        ? ` (item ${path
            .slice(1)
            .map((p) => (typeof p === 'number' ? p + 1 : String(p)))
            .join('.')})`
        : ''),
    typed: (path) => (path.length === 1 ? typedValue(path) : undefined),
    unit: (path) => {
      const key = path[0];
      if (typeof key !== 'string') return undefined;
      const flag = kebabName(key);
      return FLAG_UNITS[flag] ?? unitOfName(flag);
    },
  });
  throw new CliError(messages.join('; '), 'usage');
}

/** Writes one JSON document to stdout. */
export function printJson(value: unknown): void {
  stdout().write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes one JSON line to stdout (for streams). */
export function printJsonLine(value: unknown): void {
  stdout().write(`${JSON.stringify(value)}\n`);
}

/** Writes text to stdout. */
export function print(text: string): void {
  stdout().write(text);
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

/** A comma-separated list of numbers (`--alarm-hours 24,2`), each refused by the text typed. */
export const numberListFlag = z.string().transform((text, ctx) => {
  const parts = text.split(',').map((part) => part.trim());
  const values = parts.map(Number);
  const bad = parts.find((part, i) => part === '' || !Number.isFinite(values[i]));
  if (bad === undefined) return values;
  ctx.addIssue({ code: 'custom', message: `expected numbers separated by commas, got ${JSON.stringify(text)}` });
  return z.NEVER;
});
