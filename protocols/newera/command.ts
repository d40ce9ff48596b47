// NE-1000 command model: pump-side parser (text as received -> typed command) and host-side
// formatter (typed command -> text to frame). The parser normalises exactly like the pump
// [M p.33]: spaces and control characters are dropped, letters upper-cased, and a missing
// address means 0, so `0 rat 1.5 mm` ≡ `0RAT1.5MM` ≡ `RAT1.5MM`.
// Which commands exist, their pages and argument forms: command-table.ts; CONFORMANCE.md.
import * as z from 'zod';
import { formatNeNumber, parseNeNumber } from './number.ts';
import { NE_RATE_UNITS, NE_VOLUME_UNITS } from './units.ts';

export const NE_MAX_ADDRESS = 99;
/** Phases of a pumping program: `<phase data>` 1 to 41 [M p.33]. */
export const NE_MAX_PHASE = 41;
/** `<count data>` 1 to 99, `<number data>` 0 to 99 [M p.33]. */
export const NE_MAX_COUNT = 99;
export const NE_MAX_SAFE_TIMEOUT_S = 255;
/** Baud rates the pump supports (`*ADR n B baud`) [M p.48 of the NE-9000 manual, same firmware]. */
export const NE_BAUD_RATES = [19200, 9600, 2400, 1200, 300] as const;
export type NeBaudRate = (typeof NE_BAUD_RATES)[number];
/** The factory (and quick-start) setting, 8N1 [M]. */
export const NE_FACTORY_BAUD: NeBaudRate = 19200;

export const NE_DIRECTIONS = ['INF', 'WDR', 'REV', 'STK'] as const;
export type NeDirectionArg = (typeof NE_DIRECTIONS)[number];

/** Program phase functions (`FUN ...`) as the manual's command summary lists them, with the
 * argument each takes: `phase` 1..41, `number` 0..99, `count` 1..99, `seconds` (PAS: 0..99
 * or n.n) [M: command summary; see CONFORMANCE.md for the page]. */
export const NE_PHASE_FUNCTIONS = {
  RAT: 'none',
  FIL: 'none',
  INC: 'none',
  DEC: 'none',
  STP: 'none',
  JMP: 'phase',
  PRI: 'none',
  PRL: 'number',
  LOP: 'count',
  LPS: 'none',
  LPE: 'none',
  PAS: 'seconds',
  IF: 'phase',
  EVN: 'phase',
  EVS: 'phase',
  EVR: 'none',
} as const;
export type NePhaseFunctionName = keyof typeof NE_PHASE_FUNCTIONS;
export const NE_PHASE_FUNCTION_NAMES = Object.keys(NE_PHASE_FUNCTIONS) as NePhaseFunctionName[];

/** Trigger modes of `TRG` [? argument set from client code and the keypad setup, not read on the RS-232 page]. */
export const NE_TRIGGER_MODES = ['FT', 'FH', 'F2', 'LE', 'ST', 'T2', 'SE'] as const;
/** TTL input pins `IN` reads [M NE-500/SP2200 TTL INPUT QUERY: 2, 3, 4, 6]. */
export const NE_TTL_INPUT_PINS = [2, 3, 4, 6] as const;
/** On/off setup settings, each `<name> [<on-off>]` [? see CONFORMANCE.md]. */
export const NE_ON_OFF_SETTINGS = ['AL', 'PF', 'BP', 'LOC', 'DIN', 'ROM'] as const;
export type NeOnOffSetting = (typeof NE_ON_OFF_SETTINGS)[number];

/** Emulator-only commands (`SIM:...`): not in the manual; a real pump answers them `?`. */
export const NE_SIM_OPS = ['STALL', 'TIME?', 'TIME:ADV'] as const;
/** Longest single `SIM:TIME:ADV` in ms (a day): the host splits longer jumps. */
export const NE_SIM_MAX_ADVANCE_MS = 86_400_000;

/** Any number the 4-digit format can carry. */
const neNumber = z.number().nonnegative().max(9999);
const phase = z.int().min(1).max(NE_MAX_PHASE);
const onOff = z.union([z.literal(0), z.literal(1)]);

export const nePhaseFunctionSchema = z.discriminatedUnion('name', [
  z.object({ name: z.enum(['RAT', 'FIL', 'INC', 'DEC', 'STP', 'PRI', 'LPS', 'LPE', 'EVR']) }),
  z.object({ name: z.enum(['JMP', 'IF', 'EVN', 'EVS']), arg: phase }),
  z.object({ name: z.literal('PRL'), arg: z.int().min(0).max(NE_MAX_COUNT) }),
  z.object({ name: z.literal('LOP'), arg: z.int().min(1).max(NE_MAX_COUNT) }),
  /** Seconds: an integer 0..99 or one decimal n.n [M summary: `PAS <number data>`, `PAS [n.n]`]. */
  z.object({
    name: z.literal('PAS'),
    arg: z
      .number()
      .min(0)
      .max(NE_MAX_COUNT)
      .refine((s) => Number.isInteger(s) || (s < 10 && Math.abs(s * 10 - Math.round(s * 10)) < 1e-9), 'PAS takes 0..99 s or n.n s'),
  }),
]);
export type NePhaseFunction = z.infer<typeof nePhaseFunctionSchema>;

export const neCommandSchema = z
  .discriminatedUnion('cmd', [
    /** The empty command: address only; a status query [M p.36]. */
    z.object({ cmd: z.literal('STATUS') }),
    /** Syringe inside diameter; absent = query. */
    z.object({ cmd: z.literal('DIA'), diameterMm: neNumber.optional() }),
    /** Rate; absent = query. Units may be left out to keep the current units [M]. */
    z.object({ cmd: z.literal('RAT'), rate: neNumber.optional(), units: z.enum(NE_RATE_UNITS).optional() }),
    /** Volume to dispense (0 = continuous) OR its units, set by separate commands [M]. */
    z.object({ cmd: z.literal('VOL'), volume: neNumber.optional(), units: z.enum(NE_VOLUME_UNITS).optional() }),
    z.object({ cmd: z.literal('DIR'), direction: z.enum(NE_DIRECTIONS).optional() }),
    z.object({ cmd: z.literal('RUN'), phase: phase.optional() }),
    z.object({ cmd: z.literal('STP') }),
    z.object({ cmd: z.literal('PUR') }),
    z.object({ cmd: z.literal('DIS') }),
    z.object({ cmd: z.literal('CLD'), direction: z.enum(['INF', 'WDR']) }),
    /** Safe-mode timeout in s; 0 = basic mode; absent = query [M p.34]. */
    z.object({ cmd: z.literal('SAF'), timeoutS: z.int().min(0).max(NE_MAX_SAFE_TIMEOUT_S).optional() }),
    z.object({ cmd: z.literal('VER') }),
    /** Program phase select; absent = query. */
    z.object({ cmd: z.literal('PHN'), phase: phase.optional() }),
    /** Function of the selected phase; absent = query. */
    z.object({ cmd: z.literal('FUN'), fn: nePhaseFunctionSchema.optional() }),
    /** Setup switches `AL`, `PF`, `BP`, `LOC`, `DIN`, `ROM`; absent = query. */
    z.object({ cmd: z.literal('SET'), setting: z.enum(NE_ON_OFF_SETTINGS), value: onOff.optional() }),
    /** Trigger mode; absent = query. */
    z.object({ cmd: z.literal('TRG'), mode: z.enum(NE_TRIGGER_MODES).optional() }),
    /** Program output pin level (TTL); set only. */
    z.object({ cmd: z.literal('OUT'), level: onOff }),
    /** TTL input level of a pin; query only. */
    z.object({ cmd: z.literal('IN'), pin: z.literal(NE_TTL_INPUT_PINS) }),
    /** Buzzer: 0 off, 1 on, 1 n = n beeps; absent = query. */
    z.object({ cmd: z.literal('BUZ'), on: onOff.optional(), beeps: z.int().min(1).max(NE_MAX_COUNT).optional() }),
    /** System command `*ADR [n [B baud]] [DUAL|RECP]`; no address = query [M]. */
    z.object({
      cmd: z.literal('ADR'),
      address: z.int().min(0).max(NE_MAX_ADDRESS).optional(),
      baud: z.literal(NE_BAUD_RATES).optional(),
      mode: z.enum(['DUAL', 'RECP']).optional(),
    }),
    /** System command `*RESET` [M]. */
    z.object({ cmd: z.literal('RESET') }),
    /** Emulator-only back door; a real pump answers `?`. */
    z.object({ cmd: z.literal('SIM'), op: z.enum(NE_SIM_OPS), ms: z.int().min(1).max(NE_SIM_MAX_ADVANCE_MS).optional() }),
  ])
  .superRefine((c, ctx) => {
    if (c.cmd === 'RAT' && c.units !== undefined && c.rate === undefined) {
      ctx.addIssue({ code: 'custom', message: 'RAT units need a rate value' });
    }
    if (c.cmd === 'VOL' && c.units !== undefined && c.volume !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'VOL sets a value or units, not both' });
    }
    if (c.cmd === 'BUZ' && c.beeps !== undefined && c.on !== 1) {
      ctx.addIssue({ code: 'custom', message: 'BUZ beeps need BUZ 1' });
    }
    if (c.cmd === 'ADR' && c.baud !== undefined && c.address === undefined) {
      ctx.addIssue({ code: 'custom', message: '*ADR B baud needs an address' });
    }
    if (c.cmd === 'SIM' && (c.op === 'TIME:ADV') !== (c.ms !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'SIM:TIME:ADV takes ms; other SIM ops take nothing' });
    }
  });

export type NeCommand = z.infer<typeof neCommandSchema>;
export type NeCommandName = NeCommand['cmd'];

/** A pump address 0..99, or `all` for the `*` prefix (system command, overrides the address). */
export type NeAddress = number | 'all';

export interface NeRequest {
  readonly address: NeAddress;
  readonly command: NeCommand;
}

/** Why a command was refused, mapped to the reply error the pump sends [M p.36]:
 * `syntax`/`unknown` -> `?`, `out-of-range` -> `?OOR`. */
export type NeParseError = 'unknown' | 'syntax' | 'out-of-range' | 'bad-address';

export type NeParseResult =
  | { readonly ok: true; readonly request: NeRequest; readonly normalized: string }
  | { readonly ok: false; readonly error: NeParseError; readonly normalized: string; readonly address: NeAddress };

/** What the pump does to received text first [M p.33]. */
export function normalizeNeCommand(raw: string): string {
  let out = '';
  for (const ch of raw) {
    const code = ch.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f) continue;
    out += ch;
  }
  return out.toUpperCase();
}

type ArgResult = { ok: true; command: NeCommand } | { ok: false; error: NeParseError };

const ok = (command: NeCommand): ArgResult => ({ ok: true, command });
const fail = (error: NeParseError): ArgResult => ({ ok: false, error });

type IntResult = { ok: true; value: number | undefined } | { ok: false; error: NeParseError };

/** Optional unsigned integer argument with a range; `undefined` when empty. */
function intArg(data: string, min: number, max: number, maxDigits = 4): IntResult {
  if (data === '') return { ok: true, value: undefined };
  if (!new RegExp(`^\\d{1,${maxDigits}}$`).test(data)) return { ok: false, error: 'syntax' };
  const value = Number(data);
  if (value < min || value > max) return { ok: false, error: 'out-of-range' };
  return { ok: true, value };
}

function parseFunction(data: string): ArgResult {
  if (data === '') return ok({ cmd: 'FUN' });
  // Longest mnemonic first would matter only for a prefix clash; IF is the one two-letter name.
  const name = NE_PHASE_FUNCTION_NAMES.find((n) => data.startsWith(n) && n.length === 3) ?? (data.startsWith('IF') ? 'IF' : undefined);
  if (name === undefined) return fail('syntax');
  const arg = data.slice(name.length);
  const kind = NE_PHASE_FUNCTIONS[name];
  if (kind === 'none') return arg === '' ? ok({ cmd: 'FUN', fn: { name } as NePhaseFunction }) : fail('syntax');
  if (arg === '') return fail('syntax');
  if (kind === 'seconds') {
    if (/^\d{1,2}$/.test(arg)) return ok({ cmd: 'FUN', fn: { name: 'PAS', arg: Number(arg) } });
    if (/^\d\.\d$/.test(arg)) return ok({ cmd: 'FUN', fn: { name: 'PAS', arg: Number(arg) } });
    return /^[\d.]+$/.test(arg) ? fail('out-of-range') : fail('syntax');
  }
  const [min, max] = kind === 'phase' ? [1, NE_MAX_PHASE] : kind === 'count' ? [1, NE_MAX_COUNT] : [0, NE_MAX_COUNT];
  const n = intArg(arg, min, max, 2);
  if (!n.ok) return n;
  return ok({ cmd: 'FUN', fn: { name, arg: n.value ?? 0 } as NePhaseFunction });
}

function parseAdr(data: string, system: boolean): ArgResult {
  if (!system) return fail('unknown');
  const m = /^(\d{1,3})?(?:B(\d{1,6}))?(DUAL|RECP)?$/.exec(data);
  if (m === null) return fail('syntax');
  const [, addressText, baudText, mode] = m;
  if (baudText !== undefined && addressText === undefined) return fail('syntax');
  const command: { cmd: 'ADR'; address?: number; baud?: NeBaudRate; mode?: 'DUAL' | 'RECP' } = { cmd: 'ADR' };
  if (addressText !== undefined) {
    const address = Number(addressText);
    if (address > NE_MAX_ADDRESS) return fail('out-of-range');
    command.address = address;
  }
  if (baudText !== undefined) {
    const baudValue = Number(baudText);
    const baud = NE_BAUD_RATES.find((b) => b === baudValue);
    if (baud === undefined) return fail('out-of-range');
    command.baud = baud;
  }
  if (mode === 'DUAL' || mode === 'RECP') command.mode = mode;
  return ok(command);
}

function parseSim(data: string): ArgResult {
  if (data === 'STALL') return ok({ cmd: 'SIM', op: 'STALL' });
  if (data === 'TIME?') return ok({ cmd: 'SIM', op: 'TIME?' });
  const m = /^TIME:ADV(\d{1,9})$/.exec(data);
  if (m === null) return fail('unknown');
  const ms = Number(m[1]);
  if (ms < 1 || ms > NE_SIM_MAX_ADVANCE_MS) return fail('out-of-range');
  return ok({ cmd: 'SIM', op: 'TIME:ADV', ms });
}

function parseArgs(name: string, data: string, system: boolean): ArgResult {
  switch (name) {
    case 'DIA': {
      if (data === '') return ok({ cmd: 'DIA' });
      const v = parseNeNumber(data);
      return v === null ? fail('syntax') : ok({ cmd: 'DIA', diameterMm: v });
    }
    case 'RAT': {
      const m = /^([0-9.]*)([A-Z]*)$/.exec(data);
      if (m === null) return fail('syntax');
      const [, num = '', unit = ''] = m;
      if (num === '' && unit === '') return ok({ cmd: 'RAT' });
      if (num === '') return fail('syntax');
      const rate = parseNeNumber(num);
      if (rate === null) return fail('syntax');
      if (unit === '') return ok({ cmd: 'RAT', rate });
      const units = NE_RATE_UNITS.find((u) => u === unit);
      return units === undefined ? fail('syntax') : ok({ cmd: 'RAT', rate, units });
    }
    case 'VOL': {
      if (data === '') return ok({ cmd: 'VOL' });
      const units = NE_VOLUME_UNITS.find((u) => u === data);
      if (units !== undefined) return ok({ cmd: 'VOL', units });
      const v = parseNeNumber(data);
      return v === null ? fail('syntax') : ok({ cmd: 'VOL', volume: v });
    }
    case 'DIR': {
      if (data === '') return ok({ cmd: 'DIR' });
      const direction = NE_DIRECTIONS.find((d) => d === data);
      return direction === undefined ? fail('syntax') : ok({ cmd: 'DIR', direction });
    }
    case 'RUN':
    case 'PHN': {
      const p = intArg(data, 1, NE_MAX_PHASE, 2);
      if (!p.ok) return p;
      return ok(p.value === undefined ? { cmd: name } : { cmd: name, phase: p.value });
    }
    case 'STP':
    case 'PUR':
    case 'DIS':
    case 'VER':
      return data === '' ? ok({ cmd: name }) : fail('syntax');
    case 'CLD':
      return data === 'INF' || data === 'WDR' ? ok({ cmd: 'CLD', direction: data }) : fail('syntax');
    case 'SAF': {
      const t = intArg(data, 0, NE_MAX_SAFE_TIMEOUT_S, 3);
      if (!t.ok) return t;
      return ok(t.value === undefined ? { cmd: 'SAF' } : { cmd: 'SAF', timeoutS: t.value });
    }
    case 'FUN':
      return parseFunction(data);
    case 'AL':
    case 'PF':
    case 'BP':
    case 'LOC':
    case 'DIN':
    case 'ROM': {
      if (data === '') return ok({ cmd: 'SET', setting: name });
      if (data === '0' || data === '1') return ok({ cmd: 'SET', setting: name, value: data === '1' ? 1 : 0 });
      return /^\d+$/.test(data) ? fail('out-of-range') : fail('syntax');
    }
    case 'TRG': {
      if (data === '') return ok({ cmd: 'TRG' });
      const mode = NE_TRIGGER_MODES.find((m) => m === data);
      return mode === undefined ? fail('syntax') : ok({ cmd: 'TRG', mode });
    }
    case 'OUT':
      if (data === '0' || data === '1') return ok({ cmd: 'OUT', level: data === '1' ? 1 : 0 });
      return fail('syntax');
    case 'IN': {
      if (!/^\d$/.test(data)) return fail('syntax');
      const pin = NE_TTL_INPUT_PINS.find((p) => p === Number(data));
      return pin === undefined ? fail('out-of-range') : ok({ cmd: 'IN', pin });
    }
    case 'BUZ': {
      if (data === '') return ok({ cmd: 'BUZ' });
      if (data === '0') return ok({ cmd: 'BUZ', on: 0 });
      const m = /^1(\d{0,2})$/.exec(data);
      if (m === null) return fail('syntax');
      if (m[1] === '' || m[1] === undefined) return ok({ cmd: 'BUZ', on: 1 });
      const beeps = Number(m[1]);
      return beeps < 1 ? fail('out-of-range') : ok({ cmd: 'BUZ', on: 1, beeps });
    }
    case 'ADR':
      return parseAdr(data, system);
    default:
      return fail('unknown');
  }
}

/** Mnemonics in the order the parser tries them against the text after the address. */
const MNEMONICS = [
  'RESET',
  'SIM:',
  'DIA',
  'PHN',
  'FUN',
  'RAT',
  'VOL',
  'DIR',
  'RUN',
  'PUR',
  'STP',
  'DIS',
  'CLD',
  'SAF',
  'VER',
  'TRG',
  'LOC',
  'DIN',
  'ROM',
  'OUT',
  'BUZ',
  'ADR',
  'AL',
  'PF',
  'BP',
  'IN',
] as const;

/**
 * Parse a command as the pump receives it (the text of a basic frame before CR, or the data
 * of a safe packet). Never throws. A Network Command Burst (`0RAT1*1RAT2*`) is not one
 * command: split it with `parseNeBurst` first.
 */
export function parseNeCommand(raw: string): NeParseResult {
  const normalized = normalizeNeCommand(raw);
  let rest: string;
  let address: NeAddress;
  if (normalized.startsWith('*')) {
    address = 'all';
    rest = normalized.slice(1);
  } else {
    const digits = /^\d*/.exec(normalized)?.[0] ?? '';
    rest = normalized.slice(digits.length);
    address = digits === '' ? 0 : Number(digits);
    if (digits.length > 2) return { ok: false, error: 'bad-address', normalized, address: 0 };
  }
  if (rest === '') {
    if (address === 'all') return { ok: false, error: 'unknown', normalized, address };
    return { ok: true, request: { address, command: { cmd: 'STATUS' } }, normalized };
  }
  const isSystem = address === 'all';
  const name = MNEMONICS.find((m) => rest.startsWith(m));
  let parsed: ArgResult;
  if (name === undefined) parsed = fail('unknown');
  else if (name === 'RESET') parsed = !isSystem ? fail('unknown') : rest === 'RESET' ? ok({ cmd: 'RESET' }) : fail('syntax');
  else if (name === 'SIM:') parsed = parseSim(rest.slice(name.length));
  else parsed = parseArgs(name, rest.slice(name.length), isSystem);
  if (!parsed.ok) return { ok: false, error: parsed.error, normalized, address };
  // Belt and braces: what the hand-written parser builds must satisfy the schema.
  const checked = neCommandSchema.safeParse(parsed.command);
  if (!checked.success) return { ok: false, error: 'syntax', normalized, address };
  return { ok: true, request: { address, command: checked.data }, normalized };
}

function num(value: number, what: string): string {
  const text = formatNeNumber(value);
  if (text === null) throw new RangeError(`${what} ${value} cannot be written in the pump's 4-digit format`);
  return text;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** A phase function as written after FUN (and as the FUN query answers it [?]): `JMP05`, `PAS2.5`. */
export function formatNePhaseFunction(fn: NePhaseFunction): string {
  switch (fn.name) {
    case 'JMP':
    case 'IF':
    case 'EVN':
    case 'EVS':
    case 'PRL':
    case 'LOP':
      return `${fn.name}${two(fn.arg)}`;
    case 'PAS':
      return `PAS${Number.isInteger(fn.arg) ? two(fn.arg) : fn.arg.toFixed(1)}`;
    default:
      return fn.name;
  }
}

/** The command's mnemonic and argument, without address. */
function formatBody(c: NeCommand): string {
  switch (c.cmd) {
    case 'STATUS':
      return '';
    case 'DIA':
      return c.diameterMm === undefined ? 'DIA' : `DIA${num(c.diameterMm, 'diameter')}`;
    case 'RAT':
      return c.rate === undefined ? 'RAT' : `RAT${num(c.rate, 'rate')}${c.units ?? ''}`;
    case 'VOL':
      return c.units !== undefined ? `VOL${c.units}` : c.volume === undefined ? 'VOL' : `VOL${num(c.volume, 'volume')}`;
    case 'DIR':
      return `DIR${c.direction ?? ''}`;
    case 'RUN':
    case 'PHN':
      return `${c.cmd}${c.phase ?? ''}`;
    case 'STP':
    case 'PUR':
    case 'DIS':
    case 'VER':
    case 'RESET':
      return c.cmd;
    case 'CLD':
      return `CLD${c.direction}`;
    case 'SAF':
      return `SAF${c.timeoutS ?? ''}`;
    case 'FUN':
      return c.fn === undefined ? 'FUN' : `FUN${formatNePhaseFunction(c.fn)}`;
    case 'SET':
      return `${c.setting}${c.value ?? ''}`;
    case 'TRG':
      return `TRG${c.mode ?? ''}`;
    case 'OUT':
      return `OUT${c.level}`;
    case 'IN':
      return `IN${c.pin}`;
    case 'BUZ':
      return `BUZ${c.on ?? ''}${c.beeps ?? ''}`;
    case 'ADR':
      return `ADR${c.address ?? ''}${c.baud === undefined ? '' : `B${c.baud}`}${c.mode ?? ''}`;
    case 'SIM':
      return `SIM:${c.op}${c.ms ?? ''}`;
  }
}

/**
 * Host side: the command text to frame (no CR, no spaces: the same bytes either way to the
 * pump, and the form of the manual's worked examples `0RUN`, `0SAF0`). System commands
 * (ADR, RESET) always go out with `*`. Throws (ZodError / RangeError) on an invalid command.
 */
export function formatNeCommand(command: NeCommand, address: NeAddress = 0): string {
  const c = neCommandSchema.parse(command);
  if (address !== 'all' && (!Number.isInteger(address) || address < 0 || address > NE_MAX_ADDRESS)) {
    throw new RangeError(`address ${address} is not 0..${NE_MAX_ADDRESS}`);
  }
  if (c.cmd === 'STATUS' && address === 'all') throw new RangeError('a status query needs a pump address');
  const prefix = c.cmd === 'ADR' || c.cmd === 'RESET' || address === 'all' ? '*' : String(address);
  return `${prefix}${formatBody(c)}`;
}
