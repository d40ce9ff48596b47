/**
 * Request lines both ways (PROTOCOL.md sections 3–5 and 7). parseRequest follows the
 * processing order of section 4 step by step, so the error a line gets is the one the spec
 * names; it never throws, whatever the text.
 */
import * as z from 'zod';
import { COMMANDS, type CommandSpec, type ParamSpec } from './commands.ts';
import { CRC_SUFFIX_LENGTH, appendCrc, crcSuffixValue } from './crc.ts';
import { crc16XmodemStep } from '../shared/crc16-xmodem.ts';
import { haiError, type HaiError, type HaiErrorName } from './errors.ts';
import { SpellingIndex, keywordForms, keywordSpellings, longForm, shortForm } from './keywords.ts';
import type { AssembledLine } from './line-assembler.ts';
import { decimalValueIn, formatDecimal } from './numbers.ts';
import { FAULT_PARAM_SCHEMAS, HaiRequestSchema, faultParamRangeText, type HaiRequest, type HaiRequestKind } from './request-schema.ts';
import type { SimFault } from './vocabulary.ts';

export type RequestParse =
  | { readonly ok: true; readonly request: HaiRequest; readonly crc: boolean }
  /** `crc`: the reply must carry a CRC suffix (the request had one). */
  | { readonly ok: false; readonly error: HaiError; readonly crc: boolean };

const BLANK = /^[ \t]*$/;
const HEADER_SYNTAX = /^:?(?:\*[A-Za-z]+|[A-Za-z][A-Za-z0-9]*(?::[A-Za-z][A-Za-z0-9]*)*)\??$/;
const SP = 0x20;
const TAB = 0x09;

/** A blank line (empty or only SP/TAB) is ignored: no reply, no error queue entry. */
export function isBlankLine(text: string): boolean {
  return BLANK.test(text);
}

const isBlank = (code: number): boolean => code === SP || code === TAB;

/**
 * A command of the table made ready for the parser once, at load: its arguments in order with
 * the compiled zod schema of each value (taken from HaiRequestSchema, so the ranges stay stated once) and
 * the keyword index of keyword arguments, and the fields the header itself implies.
 */
interface CompiledParam {
  readonly spec: ParamSpec;
  readonly schema: z.ZodType;
  /** Every accepted spelling (uppercased) → value, for keyword arguments. */
  readonly keywords: SpellingIndex<string> | undefined;
}

interface CompiledCommand {
  readonly kind: HaiRequestKind;
  readonly params: readonly CompiledParam[];
  readonly requiredCount: number;
  /** `fixed` and `defaults`: fields every request of this header carries. */
  /** The request from the argument values (ARG_VALUES) and their count. */
  readonly build: Build;
  /**
   * For a header that needs no argument, its parse without one, made once and frozen: such a
   * line has only one meaning, and most of what hosts send is these queries.
   */
  readonly bare: { readonly plain: RequestParse; readonly withCrc: RequestParse } | undefined;
}

type Build = (values: readonly (number | string)[], count: number) => Record<string, unknown>;

/** A request field: the header's own value (`fixed`, `defaults`) or the sender's argument `arg`. */
type Field = { readonly key: string; readonly value: string } | { readonly key: string; readonly arg: number };

const MEMBER_SHAPES: ReadonlyMap<string, Readonly<Record<string, z.ZodType>>> = new Map(
  HaiRequestSchema.options.map((member) => [member.shape.kind.value, member.shape] as const),
);

function compile(spec: CommandSpec): CompiledCommand {
  const shape = MEMBER_SHAPES.get(spec.kind);
  const required = spec.required ?? [];
  const params = [...required, ...(spec.optional ?? [])].map((param): CompiledParam => {
    const schema = shape?.[param.key];
    if (schema === undefined)
      throw new Error(`commands.ts: ${spec.header} has an argument ${param.key} that HaiRequestSchema.${spec.kind} lacks`);
    const keywords =
      param.type === 'keyword' || param.type === 'integerOrKeyword'
        ? keywordSpellings(Object.entries(param.keywords).map(([value, mnemonic]) => [mnemonic, value] as const))
        : undefined;
    return { spec: param, schema: z.compile(schema), keywords };
  });
  const implied = [...Object.entries(spec.fixed ?? {}), ...Object.entries(spec.defaults ?? {})];
  const fieldsByCount = params.map((_, count) => fieldsFor(implied, params.slice(0, count)));
  fieldsByCount.push(fieldsFor(implied, params));
  const build = builder(spec, required.length, fieldsByCount);
  return { kind: spec.kind, params, requiredCount: required.length, build, bare: required.length === 0 ? bareParses(build) : undefined };
}

function bareParses(build: Build): CompiledCommand['bare'] {
  // Built from the table with no argument: the shape is HaiRequest's (see parseRequest).
  const request = Object.freeze(build([], 0)) as unknown as HaiRequest;
  return {
    plain: Object.freeze({ ok: true, request, crc: false }),
    withCrc: Object.freeze({ ok: true, request, crc: true }),
  };
}

/** An argument given replaces the header's default for its key, in the default's place. */
function fieldsFor(implied: readonly (readonly [string, string])[], given: readonly CompiledParam[]): Field[] {
  const fields: Field[] = implied.map(([key, value]) => ({ key, value }));
  given.forEach((param, arg) => {
    const at = fields.findIndex((field) => field.key === param.spec.key);
    if (at >= 0) fields[at] = { key: param.spec.key, arg };
    else fields.push({ key: param.spec.key, arg });
  });
  return fields;
}

/** The request from the table alone: one store per field, each by a different key. */
function tableBuild(kind: HaiRequestKind, fieldsByCount: readonly (readonly Field[])[]): Build {
  return (values, count) => {
    const request: Record<string, unknown> = { kind };
    for (const field of fieldsByCount[count] ?? []) request[field.key] = 'arg' in field ? values[field.arg] : field.value;
    return request;
  };
}

/**
 * The requests of the commands with arguments that hosts send most, one object literal each:
 * V8 makes a literal's object in one step, while tableBuild's stores by changing keys
 * (megamorphic) cost more than all the rest of the parse. These are only a faster way to the same
 * object: at load, each is held to tableBuild for every argument count (field names, order and
 * values), so the table stays the one statement of the fields; a kind left out uses tableBuild.
 */
const LITERAL_BUILDS: { readonly [K in HaiRequestKind]?: Build } = {
  fill: (v) => ({ kind: 'fill', infusate: v[0], volumeMl: v[1] }),
  bolus: (v) => ({ kind: 'bolus', volumeMl: v[0] }),
  alarmAck: (v) => ({ kind: 'alarmAck', target: v[0] }),
  logRead: (v) => ({ kind: 'logRead', index: v[0] }),
  telemetryPeriod: (v) => ({ kind: 'telemetryPeriod', periodS: v[0] }),
  simTimeAdvance: (v) => ({ kind: 'simTimeAdvance', seconds: v[0] }),
  simSpeed: (v) => ({ kind: 'simSpeed', factor: v[0] }),
  simTemperature: (v) => ({ kind: 'simTemperature', temperatureC: v[0] }),
  simAltitude: (v) => ({ kind: 'simAltitude', altitudeM: v[0] }),
  simAmbient: (v) => ({ kind: 'simAmbient', ambientMmHg: v[0] }),
  simArterial: (v) => ({ kind: 'simArterial', arterialMmHg: v[0] }),
  simFault: (v, count) => (count > 1 ? { kind: 'simFault', fault: v[0], param: v[1] } : { kind: 'simFault', fault: v[0] }),
};

function builder(spec: CommandSpec, requiredCount: number, fieldsByCount: readonly (readonly Field[])[]): Build {
  const fromTable = tableBuild(spec.kind, fieldsByCount);
  const literal = LITERAL_BUILDS[spec.kind];
  if (literal === undefined) return fromTable;
  for (let count = requiredCount; count < fieldsByCount.length; count++) {
    const values = Array.from({ length: count }, (_, i) => `argument ${i}`);
    const [want, got] = [fromTable(values, count), literal(values, count)].map((request) => JSON.stringify(Object.entries(request)));
    if (want !== got) throw new Error(`request.ts: LITERAL_BUILDS.${spec.kind} makes ${got}; commands.ts says ${want}`);
  }
  return literal;
}

/** Every accepted spelling of every header, uppercased, → its command. */
const HEADER_INDEX: SpellingIndex<CompiledCommand> = (() => {
  const index = new Map<string, CompiledCommand>();
  for (const spec of COMMANDS) {
    const compiled = compile(spec);
    const query = spec.header.endsWith('?');
    const nodes = (query ? spec.header.slice(0, -1) : spec.header).split(':');
    let spellings = [''];
    for (const [i, node] of nodes.entries()) {
      const sep = i === 0 ? '' : ':';
      spellings = spellings.flatMap((prefix) => keywordForms(node).map((form) => `${prefix}${sep}${form}`));
    }
    for (const spelling of spellings) index.set(query ? `${spelling}?` : spelling, compiled);
  }
  return new SpellingIndex(index);
})();

/** Why an argument was refused (only refused arguments allocate one). */
class ArgError {
  constructor(
    readonly name: HaiErrorName,
    readonly detail: string,
  ) {}
}

function numberArg(text: string, start: number, end: number, param: ParamSpec, integer: boolean): number | ArgError {
  const value = decimalValueIn(text, start, end);
  if (value === 'type') return new ArgError('dataTypeError', `${param.key}: number expected`);
  if (value === 'range') return new ArgError('dataOutOfRange', param.key);
  if (integer && !Number.isInteger(value)) return new ArgError('dataTypeError', `${param.key}: integer expected`);
  return value;
}

const isLetter = (code: number): boolean => (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;

function keywordArg(text: string, start: number, end: number, param: CompiledParam): string | ArgError {
  for (let i = start; i < end; i++)
    if (!isLetter(text.charCodeAt(i))) return new ArgError('dataTypeError', `${param.spec.key}: keyword expected`);
  const value = param.keywords?.get(text, start, end);
  return value === undefined ? new ArgError('illegalParameterValue', param.spec.key) : value;
}

function argValue(text: string, start: number, end: number, param: CompiledParam): number | string | ArgError {
  const spec = param.spec;
  switch (spec.type) {
    case 'decimal':
      return numberArg(text, start, end, spec, false);
    case 'integer':
      return numberArg(text, start, end, spec, true);
    case 'keyword':
      return keywordArg(text, start, end, param);
    case 'integerOrKeyword':
      return isLetter(text.charCodeAt(start)) ? keywordArg(text, start, end, param) : numberArg(text, start, end, spec, true);
  }
}

function refused(name: HaiErrorName, crc: boolean, detail?: string): RequestParse {
  return { ok: false, error: haiError(name, detail), crc };
}

/** The most arguments any command takes. */
const MAX_PARAMS = Math.max(...COMMANDS.map((spec) => (spec.required?.length ?? 0) + (spec.optional?.length ?? 0)));

/**
 * The line's first MAX_PARAMS arguments as [start, end) pairs, trimmed of SP/TAB. One buffer for
 * every call instead of an array of token strings per line: parseRequest runs to its end, calling
 * nothing that could call it again, before the buffer is used by the next line.
 */
const ARG_BOUNDS = new Int32Array(2 * MAX_PARAMS);
const ARG_VALUES: (number | string)[] = Array.from({ length: MAX_PARAMS }, () => 0);

/**
 * Counts the comma-separated arguments in `text` from `start` to `end` (the request's last
 * non-blank character + 1) and puts the first ones' bounds in ARG_BOUNDS; -1 when one is empty.
 */
function scanArguments(text: string, start: number, end: number): number {
  let count = 0;
  let tokenStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== 0x2c) continue;
    let first = tokenStart;
    let last = i;
    while (first < last && isBlank(text.charCodeAt(first))) first++;
    while (last > first && isBlank(text.charCodeAt(last - 1))) last--;
    if (first === last) return -1;
    if (count < MAX_PARAMS) {
      ARG_BOUNDS[2 * count] = first;
      ARG_BOUNDS[2 * count + 1] = last;
    }
    count++;
    tokenStart = i + 1;
  }
  return count;
}

/** The command a header names, in any case; a leading `:` (the root) is allowed. */
function lookupHeader(text: string, start: number, end: number): CompiledCommand | undefined {
  return HEADER_INDEX.get(text, text.charCodeAt(start) === 0x3a ? start + 1 : start, end);
}

/**
 * Parses one request line (no terminator). A blank line comes back as -102 "empty command":
 * callers must skip blank lines first (isBlankLine / decodeRequestLine), because the spec says
 * they get no reply at all.
 *
 * The steps of section 4 in their order, on one pass over the characters, reading headers,
 * keywords and numbers in place (no token strings). Validation is zod's, value by value: each
 * number against its field's schema in HaiRequestSchema, compiled once with `z.compile` and asked
 * with `validate` (zod's own fast path, which gives safeParse's verdict without building a result;
 * keyword values come from the table);
 * the request around the values is built from the command table, so its structure is right by
 * construction (a property test holds every result to the whole schema).
 */
export function parseRequest(text: string): RequestParse {
  const given = crcSuffixValue(text);
  const crc = given >= 0;
  const bodyEnd = crc ? text.length - CRC_SUFFIX_LENGTH : text.length;
  // Step 1 (characters) and step 2's CRC in the same pass, and what the later steps need: where
  // the request's text starts and ends inside the blanks, where its header ends, whether it holds a `;`.
  let register = 0;
  let first = -1;
  let last = -1;
  let headerEnd = -1;
  let semicolon = false;
  for (let i = 0; i < bodyEnd; i++) {
    const code = text.charCodeAt(i);
    if (crc) register = crc16XmodemStep(register, code & 0xff);
    if (code === SP || code === TAB) {
      if (first >= 0 && headerEnd < 0) headerEnd = i;
      continue;
    }
    if (code < 0x20 || code > 0x7e) return refused('syntaxError', crc, 'invalid character');
    if (first < 0) first = i;
    last = i;
    if (code === 0x3b) semicolon = true;
  }
  // `code & 0xff` above is exact by now: a character outside SP/TAB and 0x20..0x7E returned -102.
  if (crc && register !== given) return refused('crcMismatch', crc);
  if (first < 0) return refused('syntaxError', crc, 'empty command');
  if (semicolon) return refused('syntaxError', crc, 'one command per line');

  const end = last + 1;
  if (headerEnd < 0 || headerEnd > end) headerEnd = end;
  const command = lookupHeader(text, first, headerEnd);
  // A known spelling is valid syntax; the syntax is checked only to tell -102 from -113.
  if (command === undefined)
    return HEADER_SYNTAX.test(text.slice(first, headerEnd)) ? refused('undefinedHeader', crc) : refused('syntaxError', crc, 'header');

  if (headerEnd === end && command.bare !== undefined) return crc ? command.bare.withCrc : command.bare.plain;
  const count = headerEnd === end ? 0 : scanArguments(text, headerEnd, end);
  if (count < 0) return refused('syntaxError', crc, 'empty argument');
  const { params } = command;
  if (count > params.length) return refused('parameterNotAllowed', crc);
  if (count < command.requiredCount) return refused('missingParameter', crc, params[count]?.spec.key);

  for (let i = 0; i < count; i++) {
    const param = params[i];
    if (param === undefined) return refused('parameterNotAllowed', crc);
    const value = argValue(text, ARG_BOUNDS[2 * i] ?? 0, ARG_BOUNDS[2 * i + 1] ?? 0, param);
    if (value instanceof ArgError) return refused(value.name, crc, value.detail);
    ARG_VALUES[i] = value;
  }
  for (let i = 0; i < count; i++) {
    const param = params[i];
    const value = ARG_VALUES[i];
    if (param === undefined) continue;
    // A keyword's value comes from the table, which a test holds to the schema; a number is the sender's.
    if (typeof value === 'number' && !param.schema.validate(value)) return refused('dataOutOfRange', crc, param.spec.key);
  }
  if (command.kind === 'simFault' && count > 1) {
    // Faults such as SENSor take no parameter; giving one is -108, like any surplus argument.
    const fault = ARG_VALUES[0] as SimFault;
    const schema = FAULT_PARAM_SCHEMAS[fault];
    if (schema === null) return refused('parameterNotAllowed', crc);
    if (!schema.validate(ARG_VALUES[1])) return refused('dataOutOfRange', crc, faultParamRangeText(fault));
  }
  const request = command.build(ARG_VALUES, count);
  // Built from the table and checked value by value above: the shape is HaiRequest's.
  return { ok: true, request: request as unknown as HaiRequest, crc };
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
  const candidates = SPECS_BY_KIND.get(String(request.kind)) ?? [];
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
