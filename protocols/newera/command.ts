// NE-1000 command model: pump-side parser (text as received -> typed command) and
// host-side formatter (typed command -> text to frame). The parser normalises exactly like
// the pump [M]: spaces and control characters are dropped, letters upper-cased, and a
// missing address means 0, so `0 rat 1.5 mm` ≡ `0RAT1.5MM` ≡ `RAT1.5MM`.
import { z } from 'zod';
import { formatNeNumber, parseNeNumber } from './number.ts';
import { NE_RATE_UNITS, NE_VOLUME_UNITS } from './units.ts';

export const NE_MAX_ADDRESS = 99;
/** Phases of a pumping program (NE-1000: 41) [M]. */
export const NE_MAX_PHASE = 41;
export const NE_MAX_SAFE_TIMEOUT_S = 255;
/** Baud rates the pump supports [M]. */
export const NE_BAUD_RATES = [19200, 9600, 2400, 1200, 300] as const;
export type NeBaudRate = (typeof NE_BAUD_RATES)[number];

export const NE_DIRECTIONS = ['INF', 'WDR', 'REV', 'STK'] as const;
export type NeDirectionArg = (typeof NE_DIRECTIONS)[number];

/** Any number the 4-digit format can carry. */
const neNumber = z.number().nonnegative().max(9999);
const phase = z.int().min(1).max(NE_MAX_PHASE);

export const neCommandSchema = z
  .discriminatedUnion('cmd', [
    /** The empty command: address only; a status query [M]. */
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
    /** Safe-mode timeout in s; 0 = basic mode; absent = query [M]. */
    z.object({ cmd: z.literal('SAF'), timeoutS: z.int().min(0).max(NE_MAX_SAFE_TIMEOUT_S).optional() }),
    z.object({ cmd: z.literal('VER') }),
    /** Program phase select [? argument forms]. */
    z.object({ cmd: z.literal('PHN'), phase: phase.optional() }),
    /** Phase function, kept raw: `FUN JMP 3` -> { func: 'JMP', arg: '3' } [? argument forms]. */
    z.object({
      cmd: z.literal('FUN'),
      func: z.string().regex(/^[A-Z]{3}$/).optional(),
      arg: z.string().regex(/^[0-9A-Z.]*$/).optional(),
    }),
    /** System command `*ADR n [B baud]` [M]. */
    z.object({ cmd: z.literal('ADR'), address: z.int().min(0).max(NE_MAX_ADDRESS), baud: z.literal(NE_BAUD_RATES).optional() }),
    /** System command `*RESET` [M]. */
    z.object({ cmd: z.literal('RESET') }),
  ])
  .superRefine((c, ctx) => {
    if (c.cmd === 'RAT' && c.units !== undefined && c.rate === undefined) {
      ctx.addIssue({ code: 'custom', message: 'RAT units need a rate value' });
    }
    if (c.cmd === 'VOL' && c.units !== undefined && c.volume !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'VOL sets a value or units, not both' });
    }
    if (c.cmd === 'FUN' && c.arg !== undefined && c.func === undefined) {
      ctx.addIssue({ code: 'custom', message: 'FUN argument needs a function' });
    }
  });

export type NeCommand = z.infer<typeof neCommandSchema>;
export type NeCommandName = NeCommand['cmd'];

/** A pump address 0..99, or `all` for the `*` prefix (system commands). */
export type NeAddress = number | 'all';

export interface NeRequest {
  readonly address: NeAddress;
  readonly command: NeCommand;
}

/** Why a command was refused, mapped to the reply error the pump sends [M]:
 * `syntax`/`unknown` -> `?`, `out-of-range` -> `?OOR`. */
export type NeParseError = 'unknown' | 'syntax' | 'out-of-range' | 'bad-address';

export type NeParseResult =
  | { readonly ok: true; readonly request: NeRequest; readonly normalized: string }
  | { readonly ok: false; readonly error: NeParseError; readonly normalized: string; readonly address: NeAddress };

/** What the pump does to received text first [M]. */
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

/** Optional unsigned integer argument with a range; `undefined` when empty. */
function intArg(data: string, min: number, max: number): { ok: true; value: number | undefined } | { ok: false; error: NeParseError } {
  if (data === '') return { ok: true, value: undefined };
  if (!/^\d{1,4}$/.test(data)) return { ok: false, error: 'syntax' };
  const value = Number(data);
  if (value < min || value > max) return { ok: false, error: 'out-of-range' };
  return { ok: true, value };
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
      const p = intArg(data, 1, NE_MAX_PHASE);
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
      const t = intArg(data, 0, NE_MAX_SAFE_TIMEOUT_S);
      if (!t.ok) return t;
      return ok(t.value === undefined ? { cmd: 'SAF' } : { cmd: 'SAF', timeoutS: t.value });
    }
    case 'FUN': {
      if (data === '') return ok({ cmd: 'FUN' });
      const m = /^([A-Z]{3})([0-9A-Z.]*)$/.exec(data);
      if (m === null) return fail('syntax');
      const [, func = '', arg = ''] = m;
      return ok(arg === '' ? { cmd: 'FUN', func } : { cmd: 'FUN', func, arg });
    }
    case 'ADR': {
      if (!system) return fail('unknown');
      const m = /^(\d{1,3})(?:B(\d{1,6}))?$/.exec(data);
      if (m === null) return fail('syntax');
      const address = Number(m[1]);
      if (address > NE_MAX_ADDRESS) return fail('out-of-range');
      if (m[2] === undefined) return ok({ cmd: 'ADR', address });
      const baudValue = Number(m[2]);
      const baud = NE_BAUD_RATES.find((b) => b === baudValue);
      return baud === undefined ? fail('out-of-range') : ok({ cmd: 'ADR', address, baud });
    }
    default:
      return fail('unknown');
  }
}

/**
 * Parse a command as the pump receives it (the text of a basic frame before CR, or the data
 * of a safe packet). Never throws.
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
  // System commands exist only after `*` [M]; RESET is the one five-letter mnemonic.
  const isSystem = address === 'all';
  const name = isSystem && rest.startsWith('RESET') ? 'RESET' : rest.slice(0, 3);
  const data = rest.slice(name.length);
  const parsed =
    name === 'RESET' ? (data === '' ? ok({ cmd: 'RESET' }) : fail('syntax')) : /^[A-Z]{3}$/.test(name) ? parseArgs(name, data, isSystem) : fail('unknown');
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
      return `FUN${c.func ?? ''}${c.arg ?? ''}`;
    case 'ADR':
      return `ADR${c.address}${c.baud === undefined ? '' : `B${c.baud}`}`;
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
