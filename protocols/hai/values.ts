/**
 * Typed value replies both ways (PROTOCOL.md section 7): the device formats with these, the
 * host parses with these, and zod checks every field so a garbled reply is an error value,
 * never a wrong number.
 */
import * as z from 'zod';
import type { HaiError } from './errors.ts';
import { keywordIndex, longForm } from './keywords.ts';
import { formatDecimal, formatFixed, parseDecimal } from './numbers.ts';
import {
  ALARM_SEVERITIES,
  INFUSATE_KEYWORDS,
  PUMP_STATES,
  SIM_FAULTS,
  type AlarmSeverity,
  type HaiInfusate,
  type PumpState,
  type SimEnvQuantity,
  type SimFault,
} from './vocabulary.ts';

export type ValueParse<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): ValueParse<T> => ({ ok: true, value });
const bad = <T>(message: string): ValueParse<T> => ({ ok: false, message });

function fromZod<T>(schema: z.ZodType<T>, input: unknown, what: string): ValueParse<T> {
  const result = schema.safeParse(input);
  return result.success ? ok(result.data) : bad(`${what}: ${result.error.issues[0]?.message ?? 'invalid'}`);
}

// ---- numbers ----

/** Any number reply (fixed decimals or the shortest round-trip form). */
export function parseNumber(text: string): ValueParse<number> {
  const parsed = parseDecimal(text);
  return parsed.ok ? ok(parsed.value) : bad(`not a number: ${JSON.stringify(text)}`);
}

/** An integer reply (times in ms, counts, periods). */
export function parseInteger(text: string): ValueParse<number> {
  if (!/^-?\d+$/.test(text)) return bad(`not an integer: ${JSON.stringify(text)}`);
  const value = Number(text);
  return Number.isSafeInteger(value) ? ok(value) : bad(`integer too large: ${text}`);
}

export const formatInteger = (value: number): string => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`formatInteger: ${value}`);
  return String(value);
};

/** PROTOCOL.md 7.4: °C and mmHg with 2 decimals, altitude with 1. */
export function formatEnvValue(quantity: SimEnvQuantity, value: number): string {
  return formatFixed(value, quantity === 'altitude' ? 1 : 2);
}

export const formatSpeedFactor = formatDecimal;

// ---- *IDN? ----

export interface Identity {
  readonly manufacturer: 'HAIPUMP';
  readonly model: string;
  readonly serial: string;
  readonly firmware: string;
}

const IDN_FIELD = z
  .string()
  .regex(/^[\x21-\x7E]+$/)
  .refine((s) => !s.includes(',') && !s.includes('*'), 'no , or *');
export const IdentitySchema = z.object({ manufacturer: z.literal('HAIPUMP'), model: IDN_FIELD, serial: IDN_FIELD, firmware: IDN_FIELD });

export function formatIdn(identity: Omit<Identity, 'manufacturer'>): string {
  const checked = IdentitySchema.parse({ manufacturer: 'HAIPUMP', ...identity });
  return [checked.manufacturer, checked.model, checked.serial, checked.firmware].join(',');
}

export function parseIdn(text: string): ValueParse<Identity> {
  const fields = text.split(',');
  if (fields.length !== 4) return bad(`*IDN? needs 4 fields, got ${fields.length}`);
  const [manufacturer, model, serial, firmware] = fields;
  return fromZod(IdentitySchema, { manufacturer, model, serial, firmware }, '*IDN?');
}

// ---- states and infusates ----

export function parseState(text: string): ValueParse<PumpState> {
  return fromZod(z.enum(PUMP_STATES), text, 'state');
}

const INFUSATE_BY_WORD = new Map(Object.entries(INFUSATE_KEYWORDS).map(([value, mn]) => [longForm(mn), value as HaiInfusate]));

/** `null` is `NONE`: nothing in the reservoir. */
export function formatInfusate(infusate: HaiInfusate | null): string {
  return infusate === null ? 'NONE' : longForm(INFUSATE_KEYWORDS[infusate]);
}

export function parseInfusate(text: string): ValueParse<HaiInfusate | null> {
  if (text === 'NONE') return ok(null);
  const value = INFUSATE_BY_WORD.get(text);
  return value === undefined ? bad(`unknown infusate ${JSON.stringify(text)}`) : ok(value);
}

// ---- SYSTem:ERRor? ----

/** `<code>,"<text>"` with `"` doubled; code 0 is the empty-queue answer. */
export function formatErrorEntry(error: HaiError): string {
  return `${Math.trunc(error.code)},"${error.message.replace(/[^\x20-\x7E]|\*/g, '?').replace(/"/g, '""')}"`;
}

export function parseErrorEntry(text: string): ValueParse<HaiError> {
  const match = /^(-?\d{1,6}),"((?:[^"]|"")*)"$/.exec(text);
  if (match === null) return bad(`not an error entry: ${JSON.stringify(text)}`);
  return ok({ code: Number(match[1]), message: (match[2] ?? '').replace(/""/g, '"') });
}

// ---- ALARm:LIST? ----

export interface AlarmEntry {
  readonly code: number;
  readonly severity: AlarmSeverity;
  readonly acknowledged: boolean;
}

export const AlarmEntrySchema = z.object({
  code: z.number().int().min(1).max(999),
  severity: z.enum(ALARM_SEVERITIES),
  acknowledged: z.boolean(),
});

/** Ascending by code (the spec's order), `NONE` when empty. */
export function formatAlarmList(alarms: readonly AlarmEntry[]): string {
  if (alarms.length === 0) return 'NONE';
  return [...alarms]
    .sort((a, b) => a.code - b.code)
    .map((a) => `${a.code}:${a.severity}:${a.acknowledged ? 1 : 0}`)
    .join(';');
}

export function parseAlarmList(text: string): ValueParse<AlarmEntry[]> {
  if (text === 'NONE') return ok([]);
  const alarms: AlarmEntry[] = [];
  for (const item of text.split(';')) {
    const match = /^(\d{1,3}):([A-Z]+):([01])$/.exec(item);
    if (match === null) return bad(`bad alarm entry ${JSON.stringify(item)}`);
    const entry = fromZod(AlarmEntrySchema, { code: Number(match[1]), severity: match[2], acknowledged: match[3] === '1' }, 'alarm');
    if (!entry.ok) return entry;
    alarms.push(entry.value);
  }
  return ok(alarms);
}

// ---- LOG:READ? ----

export interface LogRecord {
  /** Increases by one per record forever; a jump at index 0 shows the ring wrapped. */
  readonly seq: number;
  readonly atMs: number;
  /** An event code of LOG_EVENTS. */
  readonly code: number;
  readonly value: number;
}

export const LogRecordSchema = z.object({
  seq: z.number().int().nonnegative(),
  atMs: z.number().int().nonnegative(),
  code: z.number().int().nonnegative(),
  value: z.number(),
});

export function formatLogRecord(record: LogRecord): string {
  const r = LogRecordSchema.parse(record);
  return `${formatInteger(r.seq)},${formatInteger(r.atMs)},${formatInteger(r.code)},${formatFixed(r.value, 4)}`;
}

export function parseLogRecord(text: string): ValueParse<LogRecord> {
  const match = /^(\d+),(\d+),(\d+),(-?\d+\.\d+)$/.exec(text);
  if (match === null) return bad(`bad log record ${JSON.stringify(text)}`);
  return fromZod(
    LogRecordSchema,
    { seq: Number(match[1]), atMs: Number(match[2]), code: Number(match[3]), value: Number(match[4]) },
    'log record',
  );
}

// ---- SIM:FAULT? ----

export interface ActiveFault {
  readonly fault: SimFault;
  /** The parameter in effect; absent for faults that take none. */
  readonly param?: number;
}

const FAULT_INDEX = keywordIndex(SIM_FAULTS.map((f) => [f, f] as const));

/** `<NAME>[:<param>];...` in the spec's fault order, or `NONE`. */
export function formatFaultList(faults: readonly ActiveFault[]): string {
  if (faults.length === 0) return 'NONE';
  return [...faults]
    .sort((a, b) => SIM_FAULTS.indexOf(a.fault) - SIM_FAULTS.indexOf(b.fault))
    .map((f) => (f.param === undefined ? f.fault : `${f.fault}:${formatDecimal(f.param)}`))
    .join(';');
}

export function parseFaultList(text: string): ValueParse<ActiveFault[]> {
  if (text === 'NONE') return ok([]);
  const faults: ActiveFault[] = [];
  for (const item of text.split(';')) {
    const [name = '', param, ...rest] = item.split(':');
    const fault = FAULT_INDEX.get(name);
    if (fault === undefined || rest.length > 0) return bad(`bad fault entry ${JSON.stringify(item)}`);
    if (param === undefined) {
      faults.push({ fault });
      continue;
    }
    const value = parseDecimal(param);
    if (!value.ok) return bad(`bad fault parameter ${JSON.stringify(item)}`);
    faults.push({ fault, param: value.value });
  }
  return ok(faults);
}

// ---- *TST? ----

/** 0 = pass, else the SELF_TEST_BITS mask. */
export function parseSelfTest(text: string): ValueParse<number> {
  const value = parseInteger(text);
  return value.ok && value.value >= 0 ? value : bad(`bad self-test result ${JSON.stringify(text)}`);
}

export const SCPI_VERSION = '1999.0';
