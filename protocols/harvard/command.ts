// Harvard "Ultra" requests: pump-side parser and host-side formatter of one command line.
// `[@][address]command[ argument...]` and CR [M]. The address is one or two digits written
// straight before the command (`6stp`, `12irat 3.2 u/m`); no address means the pump the host is
// wired to (pump 0 on a chain) [M]. A bare CR, or an address alone, asks for a prompt [M, C].
// A leading `@` only turns off the pump's screen updates [M]. Words are case-insensitive [C].
import * as z from 'zod';
import { HARVARD_COMMANDS, resolveHarvardCommandName, type HarvardCommandName } from './command-table.ts';
import { HARVARD_BAUD_RATES, type HarvardBaud } from './models.ts';
import {
  formatHarvardNumber,
  harvardRateSchema,
  harvardVolumeSchema,
  parseHarvardNumber,
  parseHarvardRateUnits,
  parseHarvardVolumeUnits,
  type HarvardRate,
  type HarvardVolume,
} from './units.ts';

export const HARVARD_MAX_ADDRESS = 99;
/** Force in % [M: `force [1-100]`]. */
export const HARVARD_FORCE_RANGE = { min: 1, max: 100 } as const;
/** Longest `sim:time:adv` step the emulator takes, ms (366 days). */
export const HARVARD_SIM_MAX_ADVANCE_MS = 31_622_400_000;

/** The error messages the emulator prints on the indented second line [? the manual gives the
 * form `   {message}` but not every text; `Out of range` and `Unknown command` are what clients
 * look for (flowchem) [C]]. */
export const HARVARD_MESSAGES = {
  unknownCommand: 'Unknown command',
  notWhileRunning: 'Not allowed while running',
  notEmulated: 'Not available on this emulator',
  lineTooLong: 'Command too long',
  outOfRange: 'Out of range',
  invalid: 'Invalid argument',
  missing: 'Missing argument',
  tooMany: 'Too many arguments',
} as const;

/** The two error forms [M]: `Command error:` or `Argument error: {argument}`, then `   {message}`. */
export type HarvardError =
  | { readonly kind: 'command'; readonly message: string }
  | { readonly kind: 'argument'; readonly argument: string | undefined; readonly message: string };

export const commandError = (message: string): HarvardError => ({ kind: 'command', message });
export const argumentError = (argument: string | undefined, message: string): HarvardError => ({ kind: 'argument', argument, message });

const rateArg = z.discriminatedUnion('kind', [
  harvardRateSchema.extend({ kind: z.literal('rate') }),
  z.object({ kind: z.literal('max') }),
  z.object({ kind: z.literal('min') }),
  z.object({ kind: z.literal('lim') }),
]);
export type HarvardRateArg = z.infer<typeof rateArg>;

const NO_ARGUMENT = [
  'irun',
  'wrun',
  'rrun',
  'run',
  'stop',
  'stp',
  'crate',
  'ivolume',
  'wvolume',
  'civolume',
  'cwvolume',
  'cvolume',
  'ctvolume',
  'itime',
  'wtime',
  'citime',
  'cwtime',
  'ctime',
  'cttime',
  'ver',
  'version',
  'metrics',
  'status',
  'input',
  'sim:stall',
  'sim:time?',
] as const satisfies readonly HarvardCommandName[];
type NoArgumentName = (typeof NO_ARGUMENT)[number];
const isNoArgument = (name: HarvardCommandName): name is NoArgumentName => (NO_ARGUMENT as readonly string[]).includes(name);

const onOff = z.boolean().optional();

export const harvardCommandSchema = z.discriminatedUnion('cmd', [
  z.object({ cmd: z.enum(NO_ARGUMENT) }),
  /** No `arg` = query. */
  z.object({ cmd: z.enum(['irate', 'wrate']), arg: rateArg.optional() }),
  z.object({
    cmd: z.enum(['iramp', 'wramp']),
    ramp: z.object({ start: harvardRateSchema, end: harvardRateSchema, seconds: z.number().positive() }).optional(),
  }),
  z.object({ cmd: z.literal('diameter'), diameterMm: z.number().positive().optional() }),
  z.object({ cmd: z.enum(['svolume', 'tvolume']), volume: harvardVolumeSchema.optional() }),
  z.object({ cmd: z.literal('ttime'), seconds: z.number().nonnegative().optional() }),
  z.object({
    cmd: z.literal('syrm'),
    arg: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('codes') }),
        z.object({ kind: z.literal('sizes'), code: z.string().regex(/^[a-z]{3}$/) }),
        z.object({ kind: z.literal('select'), code: z.string().regex(/^[a-z]{3}$/), volume: harvardVolumeSchema }),
      ])
      .optional(),
  }),
  z.object({ cmd: z.literal('force'), percent: z.int().min(HARVARD_FORCE_RANGE.min).max(HARVARD_FORCE_RANGE.max).optional() }),
  z.object({ cmd: z.literal('address'), address: z.int().min(0).max(HARVARD_MAX_ADDRESS).optional() }),
  z.object({ cmd: z.literal('baud'), baud: z.literal(HARVARD_BAUD_RATES).optional() }),
  z.object({ cmd: z.enum(['poll', 'echo']), on: onOff }),
  z.object({ cmd: z.literal('output'), port: z.int().min(1).max(9), high: z.boolean() }),
  z.object({ cmd: z.literal('sim:time:adv'), ms: z.int().min(0).max(HARVARD_SIM_MAX_ADVANCE_MS) }),
]);
export type HarvardCommand = z.infer<typeof harvardCommandSchema>;

export type HarvardRequest =
  /** A bare CR, or an address alone: answered with a prompt. */
  | { readonly kind: 'prompt'; readonly address: number | undefined }
  | {
      readonly kind: 'command';
      /** undefined when the line had no address. */
      readonly address: number | undefined;
      /** `@` in front: no screen updates [M]. */
      readonly quiet: boolean;
      readonly command: HarvardCommand;
      /** The argument words as typed (the pump echoes a bad one). */
      readonly args: readonly string[];
    };

export type HarvardParseResult =
  | { readonly ok: true; readonly request: HarvardRequest }
  | { readonly ok: false; readonly address: number | undefined; readonly error: HarvardError };

export interface HarvardParseOptions {
  /** `''` for the Pump 11 Elite (`6stp`) [M]; `':'` for the PHD ULTRA Rev A guide (`6:stp`) [M]. */
  readonly addressSeparator?: '' | ':';
}

type Built = { ok: true; command: HarvardCommand } | { ok: false; error: HarvardError };
const built = (command: HarvardCommand): Built => ({ ok: true, command });
const bad = (error: HarvardError): Built => ({ ok: false, error });

/** A number and its units, two arguments; a volume and a rate differ only in the units they take. */
function quantityOf<U>(
  value: string | undefined,
  units: string | undefined,
  parseUnits: (text: string) => U | null,
): { value: number; units: U } | HarvardError {
  if (value === undefined || units === undefined) return argumentError(undefined, HARVARD_MESSAGES.missing);
  const n = parseHarvardNumber(value);
  if (n === null) return argumentError(value, HARVARD_MESSAGES.invalid);
  const u = parseUnits(units);
  if (u === null) return argumentError(units, HARVARD_MESSAGES.invalid);
  return { value: n, units: u };
}

const volumeOf = (value: string | undefined, units: string | undefined): HarvardVolume | HarvardError =>
  quantityOf(value, units, parseHarvardVolumeUnits);
const rateOf = (value: string | undefined, units: string | undefined): HarvardRate | HarvardError =>
  quantityOf(value, units, parseHarvardRateUnits);

const isError = (x: object): x is HarvardError => 'kind' in x && (x.kind === 'command' || x.kind === 'argument');

function tooMany(args: readonly string[], max: number): HarvardError | undefined {
  return args.length > max ? argumentError(args[max], HARVARD_MESSAGES.tooMany) : undefined;
}

/** A whole number in [min, max]; the typed word is echoed when it is not. */
function intIn(word: string, min: number, max: number): number | HarvardError {
  if (!/^\d{1,12}$/.test(word)) return argumentError(word, HARVARD_MESSAGES.invalid);
  const n = Number(word);
  return n >= min && n <= max ? n : argumentError(word, HARVARD_MESSAGES.outOfRange);
}

/** `ttime` takes seconds (`30`, `30 s`, `2 min`, `1 h`) or `hh:mm:ss` [? argument forms]. */
function secondsOf(args: readonly string[]): number | HarvardError {
  const [first = '', unit] = args;
  const hms = /^(\d{1,3}):([0-5]\d):([0-5]\d)$/.exec(first);
  if (hms !== null && unit === undefined) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]);
  const n = parseHarvardNumber(first);
  if (n === null) return argumentError(first, HARVARD_MESSAGES.invalid);
  const perUnit: Readonly<Record<string, number>> = { s: 1, sec: 1, seconds: 1, m: 60, min: 60, h: 3600, hr: 3600 };
  if (unit === undefined) return n;
  const factor = Object.hasOwn(perUnit, unit.toLowerCase()) ? perUnit[unit.toLowerCase()] : undefined;
  return factor === undefined ? argumentError(unit, HARVARD_MESSAGES.invalid) : n * factor;
}

/** Most settings are asked alone and set with at most `max` words: `set` reads them, from the first. */
function queryOrSet(query: HarvardCommand, args: readonly string[], max: number, set: (first: string) => Built): Built {
  const first = args[0];
  if (first === undefined) return built(query);
  const extra = tooMany(args, max);
  return extra === undefined ? set(first) : bad(extra);
}

function buildCommand(name: HarvardCommandName, args: readonly string[]): Built {
  const [a0, a1, a2, a3, a4] = args;
  if (isNoArgument(name)) {
    const extra = tooMany(args, 0);
    return extra === undefined ? built({ cmd: name }) : bad(extra);
  }
  switch (name) {
    case 'irate':
    case 'wrate': {
      if (a0 === undefined) return built({ cmd: name });
      const word = a0.toLowerCase();
      if (word === 'max' || word === 'min' || word === 'lim') {
        const extra = tooMany(args, 1);
        return extra === undefined ? built({ cmd: name, arg: { kind: word } }) : bad(extra);
      }
      const extra = tooMany(args, 2);
      if (extra !== undefined) return bad(extra);
      const rate = rateOf(a0, a1);
      return isError(rate) ? bad(rate) : built({ cmd: name, arg: { kind: 'rate', ...rate } });
    }
    case 'iramp':
    case 'wramp': {
      if (a0 === undefined) return built({ cmd: name });
      const extra = tooMany(args, 5);
      if (extra !== undefined) return bad(extra);
      const start = rateOf(a0, a1);
      if (isError(start)) return bad(start);
      const end = rateOf(a2, a3);
      if (isError(end)) return bad(end);
      if (a4 === undefined) return bad(argumentError(undefined, HARVARD_MESSAGES.missing));
      const seconds = parseHarvardNumber(a4);
      if (seconds === null || seconds <= 0) return bad(argumentError(a4, HARVARD_MESSAGES.invalid));
      return built({ cmd: name, ramp: { start, end, seconds } });
    }
    case 'diameter': {
      if (a0 === undefined) return built({ cmd: 'diameter' });
      // `diameter 14.4300 mm`: clients add the unit [C: flowchem].
      if (a1 !== undefined && a1.toLowerCase() !== 'mm') return bad(argumentError(a1, HARVARD_MESSAGES.invalid));
      const extra = tooMany(args, 2);
      if (extra !== undefined) return bad(extra);
      const d = parseHarvardNumber(a0);
      if (d === null) return bad(argumentError(a0, HARVARD_MESSAGES.invalid));
      return d > 0 ? built({ cmd: 'diameter', diameterMm: d }) : bad(argumentError(a0, HARVARD_MESSAGES.outOfRange));
    }
    case 'svolume':
    case 'tvolume':
      return queryOrSet({ cmd: name }, args, 2, (first) => {
        const volume = volumeOf(first, a1);
        return isError(volume) ? bad(volume) : built({ cmd: name, volume });
      });
    case 'ttime':
      return queryOrSet({ cmd: 'ttime' }, args, 2, () => {
        const seconds = secondsOf(args);
        return typeof seconds === 'number' ? built({ cmd: 'ttime', seconds }) : bad(seconds);
      });
    case 'syrm': {
      if (a0 === undefined) return built({ cmd: 'syrm' });
      if (a0 === '?') {
        const extra = tooMany(args, 1);
        return extra === undefined ? built({ cmd: 'syrm', arg: { kind: 'codes' } }) : bad(extra);
      }
      const code = a0.toLowerCase();
      if (!/^[a-z]{3}$/.test(code)) return bad(argumentError(a0, HARVARD_MESSAGES.invalid));
      if (a1 === '?') {
        const extra = tooMany(args, 2);
        return extra === undefined ? built({ cmd: 'syrm', arg: { kind: 'sizes', code } }) : bad(extra);
      }
      const extra = tooMany(args, 3);
      if (extra !== undefined) return bad(extra);
      const volume = volumeOf(a1, a2);
      return isError(volume) ? bad(volume) : built({ cmd: 'syrm', arg: { kind: 'select', code, volume } });
    }
    case 'force':
      return queryOrSet({ cmd: 'force' }, args, 1, (first) => {
        const percent = intIn(first, HARVARD_FORCE_RANGE.min, HARVARD_FORCE_RANGE.max);
        return typeof percent === 'number' ? built({ cmd: 'force', percent }) : bad(percent);
      });
    case 'address':
      return queryOrSet({ cmd: 'address' }, args, 1, (first) => {
        const address = intIn(first, 0, HARVARD_MAX_ADDRESS);
        return typeof address === 'number' ? built({ cmd: 'address', address }) : bad(address);
      });
    case 'baud':
      return queryOrSet({ cmd: 'baud' }, args, 1, (first) => {
        const n = intIn(first, 0, Number.MAX_SAFE_INTEGER);
        if (typeof n !== 'number') return bad(n);
        const baud: HarvardBaud | undefined = HARVARD_BAUD_RATES.find((b) => b === n);
        return baud === undefined ? bad(argumentError(first, HARVARD_MESSAGES.outOfRange)) : built({ cmd: 'baud', baud });
      });
    case 'poll':
    case 'echo':
      return queryOrSet({ cmd: name }, args, 1, (first) => {
        const word = first.toLowerCase();
        return word === 'on' || word === 'off'
          ? built({ cmd: name, on: word === 'on' })
          : bad(argumentError(first, HARVARD_MESSAGES.invalid));
      });
    case 'output': {
      if (a0 === undefined || a1 === undefined) return bad(argumentError(undefined, HARVARD_MESSAGES.missing));
      const extra = tooMany(args, 2);
      if (extra !== undefined) return bad(extra);
      const port = intIn(a0, 1, 9);
      if (typeof port !== 'number') return bad(port);
      const level = a1.toLowerCase();
      return level === 'high' || level === 'low'
        ? built({ cmd: 'output', port, high: level === 'high' })
        : bad(argumentError(a1, HARVARD_MESSAGES.invalid));
    }
    case 'sim:time:adv': {
      if (a0 === undefined) return bad(argumentError(undefined, HARVARD_MESSAGES.missing));
      const extra = tooMany(args, 1);
      if (extra !== undefined) return bad(extra);
      const ms = intIn(a0, 0, HARVARD_SIM_MAX_ADVANCE_MS);
      return typeof ms === 'number' ? built({ cmd: 'sim:time:adv', ms }) : bad(ms);
    }
  }
}

/**
 * Parse one command line as the pump receives it (without its CR). Never throws. A line that
 * is not a command still yields the address it was sent to, so only that pump answers.
 */
export function parseHarvardCommand(line: string, options: HarvardParseOptions = {}): HarvardParseResult {
  let text = line.replace(/[\r\n]+$/, '').trim();
  let quiet = false;
  const takeAt = (): void => {
    if (text.startsWith('@')) {
      quiet = true;
      text = text.slice(1).trimStart();
    }
  };
  takeAt();
  let address: number | undefined;
  const separator = options.addressSeparator ?? '';
  const m = (separator === ':' ? /^(\d{1,2}):/ : /^(\d{1,2})(?!\d)/).exec(text);
  if (m !== null) {
    address = Number(m[1]);
    text = text.slice(m[0].length).trimStart();
  } else if (separator === ':' && /^\d{1,2}$/.test(text)) {
    // An address alone (`6`) asks for a prompt whatever the separator.
    address = Number(text);
    text = '';
  }
  takeAt();
  if (text === '') return { ok: true, request: { kind: 'prompt', address } };
  const [word = '', ...args] = text.split(/[ \t]+/).filter((s) => s !== '');
  const name = resolveHarvardCommandName(word);
  if (name === null) return { ok: false, address, error: commandError(HARVARD_MESSAGES.unknownCommand) };
  const b = buildCommand(name, args);
  if (!b.ok) return { ok: false, address, error: b.error };
  const checked = harvardCommandSchema.safeParse(b.command);
  if (!checked.success) return { ok: false, address, error: argumentError(args[0], HARVARD_MESSAGES.invalid) };
  return { ok: true, request: { kind: 'command', address, quiet, command: checked.data, args } };
}

function rateText(r: HarvardRate): string {
  return `${formatHarvardNumber(r.value)} ${r.units}`;
}

function volumeText(v: HarvardVolume): string {
  return `${formatHarvardNumber(v.value)} ${v.units}`;
}

function argText(c: HarvardCommand): string {
  switch (c.cmd) {
    case 'irate':
    case 'wrate':
      if (c.arg === undefined) return '';
      return c.arg.kind === 'rate' ? rateText(c.arg) : c.arg.kind;
    case 'iramp':
    case 'wramp':
      return c.ramp === undefined ? '' : `${rateText(c.ramp.start)} ${rateText(c.ramp.end)} ${formatHarvardNumber(c.ramp.seconds)}`;
    case 'diameter':
      return c.diameterMm === undefined ? '' : formatHarvardNumber(c.diameterMm);
    case 'svolume':
    case 'tvolume':
      return c.volume === undefined ? '' : volumeText(c.volume);
    case 'ttime':
      return c.seconds === undefined ? '' : formatHarvardNumber(c.seconds);
    case 'syrm':
      if (c.arg === undefined) return '';
      return c.arg.kind === 'codes' ? '?' : c.arg.kind === 'sizes' ? `${c.arg.code} ?` : `${c.arg.code} ${volumeText(c.arg.volume)}`;
    case 'force':
      return c.percent === undefined ? '' : String(c.percent);
    case 'address':
      return c.address === undefined ? '' : String(c.address);
    case 'baud':
      return c.baud === undefined ? '' : String(c.baud);
    case 'poll':
    case 'echo':
      return c.on === undefined ? '' : c.on ? 'on' : 'off';
    case 'output':
      return `${c.port} ${c.high ? 'high' : 'low'}`;
    case 'sim:time:adv':
      return String(c.ms);
    default:
      return '';
  }
}

export interface HarvardFormatOptions {
  /** Pump address; 0 (default) sends no address: the pump wired to the host answers [M]. */
  readonly address?: number;
  /** See HarvardParseOptions. */
  readonly addressSeparator?: '' | ':';
  /** Send the 4-letter form (`irat`) instead of the full word [M]. */
  readonly abbreviate?: boolean;
}

/** The address prefix of a request: nothing for 0, else the digits (and separator) [M]. */
export function harvardAddressPrefix(address: number, separator: '' | ':' = ''): string {
  if (!Number.isInteger(address) || address < 0 || address > HARVARD_MAX_ADDRESS) throw new RangeError(`address ${address} is not 0..99`);
  return address === 0 ? '' : `${address}${separator}`;
}

/** Host side: the command line to send, CR included [M]. Throws on an invalid command. */
export function formatHarvardCommand(command: HarvardCommand, options: HarvardFormatOptions = {}): string {
  const c = harvardCommandSchema.parse(command);
  const isSim = HARVARD_COMMANDS.some((s) => s.name === c.cmd && 'emulatorOnly' in s);
  const word = options.abbreviate === true && !isSim && c.cmd.length > 4 ? c.cmd.slice(0, 4) : c.cmd;
  const args = argText(c);
  return `${harvardAddressPrefix(options.address ?? 0, options.addressSeparator)}${word}${args === '' ? '' : ` ${args}`}\r`;
}

/** Host side: a bare prompt request (`\r`, or `6\r` for pump 6) [M, C]. */
export function formatHarvardPromptRequest(address = 0, separator: '' | ':' = ''): string {
  return `${address === 0 ? '' : `${harvardAddressPrefix(address, separator).replace(/:$/, '')}`}\r`;
}
