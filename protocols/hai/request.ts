/**
 * Request lines both ways (PROTOCOL.md sections 3–5 and 7). parseRequest follows the
 * processing order of section 4 step by step, so the error a line gets is the one the spec
 * names; it never throws, whatever the text.
 */
import { COMMANDS, type CommandSpec, type KeywordTable, type ParamSpec } from './commands.ts';
import { appendCrc, hasCrcSuffix, splitCrc } from './crc.ts';
import { haiError, type HaiError, type HaiErrorName } from './errors.ts';
import { keywordForms, keywordIndex, longForm, shortForm } from './keywords.ts';
import type { AssembledLine } from './line-assembler.ts';
import { formatDecimal, parseDecimal } from './numbers.ts';
import { FAULT_PARAM_RANGES, HaiRequestSchema, type HaiRequest } from './request-schema.ts';
import type { SimFault } from './vocabulary.ts';

export type RequestParse =
  | { readonly ok: true; readonly request: HaiRequest; readonly crc: boolean }
  /** `crc`: the reply must carry a CRC suffix (the request had one). */
  | { readonly ok: false; readonly error: HaiError; readonly crc: boolean };

const PRINTABLE = /^[\x20-\x7E\t]*$/;
const BLANK = /^[ \t]*$/;
const HEADER_SYNTAX = /^:?(?:\*[A-Za-z]+|[A-Za-z][A-Za-z0-9]*(?::[A-Za-z][A-Za-z0-9]*)*)\??$/;
const KEYWORD_SYNTAX = /^[A-Za-z]+$/;

/** A blank line (empty or only SP/TAB) is ignored: no reply, no error queue entry. */
export function isBlankLine(text: string): boolean {
  return BLANK.test(text);
}

const trimBlanks = (text: string): string => text.replace(/^[ \t]+|[ \t]+$/g, '');

/** Every accepted spelling of every header, uppercased, → its command. */
const HEADER_INDEX: ReadonlyMap<string, CommandSpec> = (() => {
  const index = new Map<string, CommandSpec>();
  for (const spec of COMMANDS) {
    const query = spec.header.endsWith('?');
    const nodes = (query ? spec.header.slice(0, -1) : spec.header).split(':');
    let spellings = [''];
    for (const [i, node] of nodes.entries()) {
      const sep = i === 0 ? '' : ':';
      spellings = spellings.flatMap((prefix) => keywordForms(node).map((form) => `${prefix}${sep}${form}`));
    }
    for (const spelling of spellings) index.set(query ? `${spelling}?` : spelling, spec);
  }
  return index;
})();

const keywordIndexCache = new Map<KeywordTable, ReadonlyMap<string, string>>();
function keywordLookup(table: KeywordTable): ReadonlyMap<string, string> {
  let index = keywordIndexCache.get(table);
  if (index === undefined) {
    index = keywordIndex(Object.entries(table).map(([value, mnemonic]) => [mnemonic, value] as const));
    keywordIndexCache.set(table, index);
  }
  return index;
}

type ArgParse = { readonly ok: true; readonly value: number | string } | { readonly ok: false; readonly name: HaiErrorName; readonly detail: string };

function parseNumberArg(token: string, param: ParamSpec, integer: boolean): ArgParse {
  const parsed = parseDecimal(token);
  if (!parsed.ok) {
    return parsed.reason === 'type'
      ? { ok: false, name: 'dataTypeError', detail: `${param.key}: number expected` }
      : { ok: false, name: 'dataOutOfRange', detail: param.key };
  }
  if (integer && !Number.isInteger(parsed.value)) {
    return { ok: false, name: 'dataTypeError', detail: `${param.key}: integer expected` };
  }
  return { ok: true, value: parsed.value };
}

function parseKeywordArg(token: string, param: ParamSpec, table: KeywordTable): ArgParse {
  if (!KEYWORD_SYNTAX.test(token)) return { ok: false, name: 'dataTypeError', detail: `${param.key}: keyword expected` };
  const value = keywordLookup(table).get(token.toUpperCase());
  return value === undefined ? { ok: false, name: 'illegalParameterValue', detail: param.key } : { ok: true, value };
}

function parseArg(token: string, param: ParamSpec): ArgParse {
  switch (param.type) {
    case 'decimal':
      return parseNumberArg(token, param, false);
    case 'integer':
      return parseNumberArg(token, param, true);
    case 'keyword':
      return parseKeywordArg(token, param, param.keywords);
    case 'integerOrKeyword':
      return /^[A-Za-z]/.test(token) ? parseKeywordArg(token, param, param.keywords) : parseNumberArg(token, param, true);
  }
}

/**
 * Parses one request line (no terminator). A blank line comes back as -102 "empty command":
 * callers must skip blank lines first (isBlankLine / decodeRequestLine), because the spec says
 * they get no reply at all.
 */
export function parseRequest(text: string): RequestParse {
  const crc = hasCrcSuffix(text);
  const fail = (name: HaiErrorName, detail?: string): RequestParse => ({ ok: false, error: haiError(name, detail), crc });

  if (!PRINTABLE.test(text)) return fail('syntaxError', 'invalid character');
  const split = splitCrc(text);
  if (split.crc !== undefined && !split.crc.ok) return fail('crcMismatch');
  const body = trimBlanks(split.body);
  if (body === '') return fail('syntaxError', 'empty command');
  if (body.includes(';')) return fail('syntaxError', 'one command per line');

  const blankAt = body.search(/[ \t]/);
  const headerText = blankAt === -1 ? body : body.slice(0, blankAt);
  const argText = blankAt === -1 ? '' : trimBlanks(body.slice(blankAt));
  if (!HEADER_SYNTAX.test(headerText)) return fail('syntaxError', 'header');
  const spec = HEADER_INDEX.get(headerText.replace(/^:/, '').toUpperCase());
  if (spec === undefined) return fail('undefinedHeader');

  const tokens = argText === '' ? [] : argText.split(',').map(trimBlanks);
  if (tokens.some((t) => t === '')) return fail('syntaxError', 'empty argument');
  const required = spec.required ?? [];
  const optional = spec.optional ?? [];
  if (tokens.length > required.length + optional.length) return fail('parameterNotAllowed');
  if (tokens.length < required.length) return fail('missingParameter', required[tokens.length]?.key);

  const candidate: Record<string, unknown> = { kind: spec.kind, ...spec.fixed, ...spec.defaults };
  const params = [...required, ...optional];
  for (const [i, token] of tokens.entries()) {
    const param = params[i];
    if (param === undefined) return fail('parameterNotAllowed');
    const arg = parseArg(token, param);
    if (!arg.ok) return fail(arg.name, arg.detail);
    candidate[param.key] = arg.value;
  }
  // Faults such as SENSor take no parameter; giving one is -108, like any surplus argument.
  if (spec.kind === 'simFault' && candidate['param'] !== undefined && FAULT_PARAM_RANGES[candidate['fault'] as SimFault] === null) {
    return fail('parameterNotAllowed');
  }

  const validated = HaiRequestSchema.safeParse(candidate);
  if (!validated.success) {
    const issue = validated.error.issues[0];
    const detail = issue === undefined ? undefined : issue.path.length > 0 ? issue.path.join('.') : issue.message;
    return fail('dataOutOfRange', detail);
  }
  return { ok: true, request: validated.data, crc };
}

/**
 * What the device does with one framed item: `null` means "send nothing" (a blank line);
 * an overflow becomes -363 without CRC (its suffix was never seen).
 */
export function decodeRequestLine(item: AssembledLine): RequestParse | null {
  if (item.kind === 'overflow') return { ok: false, error: haiError('inputBufferOverrun'), crc: false };
  if (isBlankLine(item.text)) return null;
  return parseRequest(item.text);
}

export interface FormatRequestOptions {
  /** Append the `*HHHH` suffix. Default false. */
  readonly crc?: boolean;
  /** Header keyword spelling. Default 'short' (fewer bytes on the wire). Keyword arguments are always long. */
  readonly form?: 'short' | 'long';
}

const SPECS_BY_KIND = new Map<string, CommandSpec[]>();
for (const spec of COMMANDS) SPECS_BY_KIND.set(spec.kind, [...(SPECS_BY_KIND.get(spec.kind) ?? []), spec]);

function specFor(request: Readonly<Record<string, unknown>>): CommandSpec {
  const candidates = SPECS_BY_KIND.get(String(request['kind'])) ?? [];
  const spec = candidates.find((s) => Object.entries(s.fixed ?? {}).every(([k, v]) => request[k] === v));
  if (spec === undefined) throw new TypeError(`formatRequest: no command for ${JSON.stringify(request)}`);
  return spec;
}

function formatArg(value: unknown, param: ParamSpec): string {
  if (typeof value === 'number') return formatDecimal(value);
  if (typeof value === 'string' && (param.type === 'keyword' || param.type === 'integerOrKeyword')) {
    const mnemonic = param.keywords[value];
    // Keyword arguments always go out in long form: logs read as words, not abbreviations.
    if (mnemonic !== undefined) return longForm(mnemonic);
  }
  throw new TypeError(`formatRequest: bad ${param.key}: ${String(value)}`);
}

/**
 * The request line for `request`, without the terminator. Throws a RangeError when the request
 * is outside the protocol's ranges (TypeScript types cannot say "0 < volumeMl <= 100"): a host
 * refuses such a value before it reaches the wire (safety requirement 11).
 */
export function formatRequest(request: HaiRequest, options: FormatRequestOptions = {}): string {
  const checked = HaiRequestSchema.safeParse(request);
  if (!checked.success) throw new RangeError(`formatRequest: ${checked.error.issues.map((i) => i.message).join('; ')}`);
  const fields: Readonly<Record<string, unknown>> = request;
  const spec = specFor(fields);
  const spell = options.form === 'long' ? longForm : shortForm;
  const query = spec.header.endsWith('?');
  const nodes = (query ? spec.header.slice(0, -1) : spec.header).split(':');
  const header = nodes.map(spell).join(':') + (query ? '?' : '');

  const args: string[] = [];
  for (const param of spec.required ?? []) args.push(formatArg(fields[param.key], param));
  for (const param of spec.optional ?? []) {
    const value = fields[param.key];
    // An optional argument at its default is left off: the shorter line means the same.
    if (value === undefined || spec.defaults?.[param.key] === value) break;
    args.push(formatArg(value, param));
  }
  const line = args.length === 0 ? header : `${header} ${args.join(',')}`;
  return options.crc === true ? appendCrc(line) : line;
}
