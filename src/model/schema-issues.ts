/**
 * zod issues in the user's words, for files (scenario, profile) and flags alike: where it is,
 * what was wanted, with the unit the name carries (`tempC`, `--temp-c`: °C), what was given, and
 * for a typo the nearest valid key (`steps.3.tempc: unknown key; did you mean tempC?`).
 */
import * as z from 'zod';
import { nearestName } from './nearest.ts';

type Path = readonly PropertyKey[];

/** Units by name suffix (kebab case; camelCase names are converted first), longest first. */
const UNIT_BY_SUFFIX: readonly (readonly [string, string])[] = [
  ['-mg-per-kg-day', 'mg/kg/day'],
  ['-ml-per-day', 'mL/day'],
  ['-ml-per-min', 'mL/min'],
  ['-ml-per-h', 'mL/h'],
  ['-mg-per-min', 'mg/min'],
  ['-g-per-ml', 'g/mL'],
  ['-mm-hg', 'mmHg'],
  ['-mmhg', 'mmHg'],
  ['-percent', '%'],
  ['-pct', '%'],
  ['-units', 'U'],
  ['-years', 'years'],
  ['-hours', 'h'],
  ['-days', 'days'],
  ['-min', 'min'],
  ['-ml', 'mL'],
  ['-mg', 'mg'],
  ['-kg', 'kg'],
  ['-mm', 'mm'],
  ['-ms', 'ms'],
  ['-c', '°C'],
  ['-g', 'g'],
  ['-m', 'm'],
  ['-s', 's'],
];
const UNIT_BY_NAME: Readonly<Record<string, string>> = { days: 'days', minutes: 'min' };

/** `tempC` → `temp-c`, `ambientMmHg` → `ambient-mm-hg`, `--volume-ml` → `volume-ml`. */
export function kebabName(name: string): string {
  return name
    .replace(/^-+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

/** The unit a name carries by the project's naming rule (`volumeMl`, `--temp-c`), if any. */
export function unitOfName(name: string): string | undefined {
  const kebab = kebabName(name);
  const whole = UNIT_BY_NAME[kebab];
  if (whole !== undefined) return whole;
  return UNIT_BY_SUFFIX.find(([suffix]) => kebab.endsWith(suffix))?.[1];
}

/** Unwraps optional, nullable, default, catch, readonly and pipes (the input side). */
function core(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (let depth = 0; depth < 20; depth++) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodReadonly
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
  return current;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The object schemas a value at `path` can be checked against (a union gives several). */
function objectsAt(schema: z.ZodType, data: unknown, path: Path): z.ZodObject[] {
  const node = core(schema);
  if (node instanceof z.ZodDiscriminatedUnion) {
    const options = node.options as z.ZodType[];
    const discriminator: unknown = node._zod.def.discriminator;
    const value = isRecord(data) && typeof discriminator === 'string' ? data[discriminator] : undefined;
    const matching = options.filter((option) => {
      const object = core(option);
      if (!(object instanceof z.ZodObject) || typeof discriminator !== 'string') return false;
      const field = object.shape[discriminator];
      const literal = field === undefined ? undefined : core(field as z.ZodType);
      return literal instanceof z.ZodLiteral && literal.values.has(value as never);
    });
    return (matching.length > 0 ? matching : options).flatMap((option) => objectsAt(option, data, path));
  }
  if (node instanceof z.ZodUnion) return (node.options as z.ZodType[]).flatMap((option) => objectsAt(option, data, path));
  const [head, ...rest] = path;
  if (head === undefined) return node instanceof z.ZodObject ? [node] : [];
  if (node instanceof z.ZodObject && typeof head === 'string') {
    const child = node.shape[head] as z.ZodType | undefined;
    return child === undefined ? [] : objectsAt(child, isRecord(data) ? data[head] : undefined, rest);
  }
  if (node instanceof z.ZodArray && typeof head === 'number') {
    return objectsAt(node.element as z.ZodType, Array.isArray(data) ? data[head] : undefined, rest);
  }
  return [];
}

/** The keys an object at `path` may have, per the schema (empty when it cannot tell). */
export function knownKeysAt(schema: z.ZodType, data: unknown, path: Path): string[] {
  return [...new Set(objectsAt(schema, data, path).flatMap((object) => Object.keys(object.shape)))];
}

export interface IssueContext {
  /** The schema and data that were parsed: lets an unknown key name the nearest valid one. */
  schema?: z.ZodType;
  data?: unknown;
  /** How a path is shown; default `steps.3.tempC`, `(root)` for the top. */
  where?: (path: Path) => string;
  /** The value as the user typed it, for "got …"; default the issue's input. */
  typed?: (path: Path) => unknown;
  /** The unit of the value at a path; default from the last key's name. */
  unit?: (path: Path) => string | undefined;
}

export const dottedPath = (path: Path): string => (path.length === 0 ? '(root)' : path.map(String).join('.'));

function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const text = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value.trim()) ? value : JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const lastKey = (path: Path): string | undefined => [...path].reverse().find((key): key is string => typeof key === 'string');

function withUnit(value: unknown, unit: string | undefined): string {
  return unit === undefined ? String(value) : `${String(value)} ${unit}`;
}

/** A discriminated union's failed discriminator: the options, and the value given for it. */
function discriminatorOf(issue: z.core.$ZodIssue): { options: string[]; given: unknown } | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  const { options, discriminator } = issue as { options?: unknown; discriminator?: unknown };
  if (!Array.isArray(options) || typeof discriminator !== 'string') return undefined;
  // The issue's input is the whole object; the path already ends at the discriminator.
  return { options: options.map(String), given: isRecord(issue.input) ? issue.input[discriminator] : issue.input };
}

/** A nearest valid value for a typo, said after what was given. */
function valueHint(issue: z.core.$ZodIssue, given: unknown): string {
  const names = issue.code === 'invalid_value' ? issue.values.map((v) => String(v)) : (discriminatorOf(issue)?.options ?? []);
  const hint = typeof given === 'string' ? nearestName(given, names) : undefined;
  return hint === undefined ? '' : `; did you mean ${hint}?`;
}

/** What one branch of a union wanted: `"max"`, `a number`. */
function branchWanted(issue: z.core.$ZodIssue | undefined): string | undefined {
  if (issue === undefined) return undefined;
  if (issue.code === 'invalid_value') return issue.values.map((v) => JSON.stringify(v)).join(' or ');
  if (issue.code === 'invalid_type')
    return issue.expected === 'int' ? 'a whole number' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
  // numberFlag's own words: "expected a number, got ..."
  const expected = /^expected (.*?)(, got .*)?$/.exec(issue.message);
  return expected?.[1] ?? issue.message;
}

/** One issue as "what was wanted" (without where, without "got"). */
function wanted(issue: z.core.$ZodIssue, unit: string | undefined): string {
  switch (issue.code) {
    case 'too_big': {
      const max = issue.maximum;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${String(max)} item(s)`;
      if (issue.origin === 'string') return `must be at most ${String(max)} characters long`;
      return issue.inclusive === false ? `must be less than ${withUnit(max, unit)}` : `must be at most ${withUnit(max, unit)}`;
    }
    case 'too_small': {
      const min = issue.minimum;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at least ${String(min)} item(s)`;
      if (issue.origin === 'string') return Number(min) === 1 ? 'must not be empty' : `must be at least ${String(min)} characters long`;
      return issue.inclusive === false ? `must be more than ${withUnit(min, unit)}` : `must be at least ${withUnit(min, unit)}`;
    }
    case 'invalid_type':
      if (issue.input === undefined) return 'is missing';
      if (issue.expected === 'int') return 'must be a whole number';
      return `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      return `must be ${values.length === 1 ? (values[0] ?? '') : `one of ${values.join(', ')}`}`;
    }
    case 'invalid_union': {
      const discriminator = discriminatorOf(issue);
      if (discriminator !== undefined) return `must be one of ${discriminator.options.join(', ')}`;
      // A union with its own message says it best; zod's default ("Invalid input") says nothing.
      if (issue.message !== 'Invalid input') return issue.message;
      const branches = issue.errors.map((branch) => branchWanted(branch[0])).filter((text): text is string => text !== undefined);
      return branches.length > 0 ? `must be ${[...new Set(branches)].join(' or ')}` : issue.message;
    }
    default:
      return issue.message;
  }
}

const GETS_GOT = new Set(['too_big', 'too_small', 'invalid_type', 'invalid_value', 'invalid_union', 'not_multiple_of', 'invalid_format']);

/**
 * One string per problem: `where: what was wanted, got X`. Unknown keys come one per key with
 * the nearest valid key; a required key that such a typo stood for is not reported twice.
 */
export function describeIssues(error: z.ZodError, context: IssueContext = {}): string[] {
  const where = context.where ?? dottedPath;
  const hinted = new Set<string>();
  const unknownKeys: string[] = [];
  for (const issue of error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const known = context.schema === undefined ? [] : knownKeysAt(context.schema, context.data, issue.path);
    for (const key of issue.keys) {
      const hint = nearestName(key, known);
      if (hint !== undefined) hinted.add(dottedPath([...issue.path, hint]));
      unknownKeys.push(`${where([...issue.path, key])}: unknown key${hint === undefined ? '' : `; did you mean ${hint}?`}`);
    }
  }
  const others: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') continue;
    if (issue.code === 'invalid_type' && issue.input === undefined && hinted.has(dottedPath(issue.path))) continue;
    const key = lastKey(issue.path);
    const unit = context.unit !== undefined ? context.unit(issue.path) : key === undefined ? undefined : unitOfName(key);
    const typed = context.typed?.(issue.path) ?? discriminatorOf(issue)?.given ?? issue.input;
    const got = GETS_GOT.has(issue.code) && typed !== undefined ? `, got ${shown(typed)}` : '';
    others.push(`${where(issue.path)}: ${wanted(issue, unit)}${got}${valueHint(issue, typed)}`);
  }
  return [...unknownKeys, ...others];
}
