// Harvard "Ultra" command set: pump-side parser and host-side formatter of one command
// line. Lower-case words, which may be cut short (`irat` ≡ `irate`), a space before
// arguments, CR at the end (CR LF accepted), and `<addr>:` in front for a non-zero address
// on a chain (`12:irat 3.2 ul/min`) [M].
import { z } from 'zod';
import { formatHarvardNumber, harvardRateSchema, harvardVolumeSchema, parseHarvardNumber, parseHarvardRateUnits, parseHarvardVolumeUnits } from './units.ts';

/** The full command words this codec knows, in the order they are matched. */
export const HARVARD_COMMAND_NAMES = [
  'irate', 'wrate', 'irun', 'wrun', 'run', 'rrun', 'stp', 'stop', 'diameter', 'svolume', 'tvolume',
  'ivolume', 'wvolume', 'civolume', 'cwvolume', 'cvolume', 'ctvolume', 'crate', 'status', 'ver',
  'metrics', 'address', 'baud', 'force',
] as const;
export type HarvardCommandName = (typeof HARVARD_COMMAND_NAMES)[number];

/** Shortest accepted abbreviation [M: "may be cut to 4 letters"]. [?] Whether any prefix of
 * 4+ letters is accepted, or only exactly 4: we accept any unambiguous prefix of >= 4. */
export const HARVARD_MIN_ABBREVIATION = 4;
export const HARVARD_MAX_ADDRESS = 99;
/** [?] Baud rates of the `baud` command as recalled from the Ultra guide. */
export const HARVARD_BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const;

/**
 * Resolve a command word (full or cut short) to its full name, case-insensitively ([?]: the
 * manual writes `FORCE` in capitals, so the pump is taken to ignore case). Null if unknown
 * or ambiguous.
 */
export function resolveHarvardCommandName(word: string): HarvardCommandName | null {
  const w = word.toLowerCase();
  const exact = HARVARD_COMMAND_NAMES.find((n) => n === w);
  if (exact !== undefined) return exact;
  if (w.length < HARVARD_MIN_ABBREVIATION) return null;
  const matches = HARVARD_COMMAND_NAMES.filter((n) => n.startsWith(w));
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

const noArg = <N extends HarvardCommandName>(name: N) => z.object({ cmd: z.literal(name) });

const rateArg = z.discriminatedUnion('kind', [
  harvardRateSchema.extend({ kind: z.literal('rate') }),
  z.object({ kind: z.literal('max') }),
  z.object({ kind: z.literal('min') }),
  /** query: `<a> <u> to <b> <u>` [M] */
  z.object({ kind: z.literal('lim') }),
]);

export const harvardCommandSchema = z.discriminatedUnion('cmd', [
  /** Absent `arg` = query. */
  z.object({ cmd: z.literal('irate'), arg: rateArg.optional() }),
  z.object({ cmd: z.literal('wrate'), arg: rateArg.optional() }),
  noArg('irun'), noArg('wrun'), noArg('run'), noArg('rrun'), noArg('stp'), noArg('stop'),
  z.object({ cmd: z.literal('diameter'), diameterMm: z.number().positive().optional() }),
  z.object({ cmd: z.literal('svolume'), volume: harvardVolumeSchema.optional() }),
  z.object({ cmd: z.literal('tvolume'), volume: harvardVolumeSchema.optional() }),
  noArg('ivolume'), noArg('wvolume'), noArg('civolume'), noArg('cwvolume'), noArg('cvolume'), noArg('ctvolume'),
  noArg('crate'), noArg('status'), noArg('ver'), noArg('metrics'),
  z.object({ cmd: z.literal('address'), address: z.int().min(0).max(HARVARD_MAX_ADDRESS).optional() }),
  z.object({ cmd: z.literal('baud'), baud: z.literal(HARVARD_BAUD_RATES).optional() }),
  /** Pusher force in % [? range 1..100]. */
  z.object({ cmd: z.literal('force'), percent: z.int().min(1).max(100).optional() }),
]);

export type HarvardCommand = z.infer<typeof harvardCommandSchema>;

export interface HarvardRequest {
  /** 0 when the line had no `<addr>:` prefix. */
  readonly address: number;
  readonly command: HarvardCommand;
}

/** Maps to the pump's error lines [M]: unknown -> `Unknown command`, argument ->
 * `Argument error`, out-of-range -> `Out of range`. (`Command error` is the device's:
 * a valid command that cannot run now.) */
export type HarvardParseError = 'unknown' | 'argument' | 'out-of-range';

export type HarvardParseResult =
  | { readonly ok: true; readonly request: HarvardRequest }
  | { readonly ok: false; readonly error: HarvardParseError; readonly address: number };

type Built = { ok: true; command: HarvardCommand } | { ok: false; error: HarvardParseError };
const built = (command: HarvardCommand): Built => ({ ok: true, command });
const bad = (error: HarvardParseError): Built => ({ ok: false, error });

function volumeArgs(args: readonly string[]): { value: number; units: NonNullable<ReturnType<typeof parseHarvardVolumeUnits>> } | null {
  if (args.length !== 2) return null;
  const value = parseHarvardNumber(args[0] ?? '');
  const units = parseHarvardVolumeUnits(args[1] ?? '');
  return value === null || units === null ? null : { value, units };
}

function intArg(args: readonly string[]): number | null | undefined {
  if (args.length === 0) return undefined;
  if (args.length !== 1 || !/^\d{1,6}$/.test(args[0] ?? '')) return null;
  return Number(args[0]);
}

function buildCommand(name: HarvardCommandName, args: readonly string[]): Built {
  switch (name) {
    case 'irate':
    case 'wrate': {
      if (args.length === 0) return built({ cmd: name });
      const first = (args[0] ?? '').toLowerCase();
      if (args.length === 1 && (first === 'max' || first === 'min' || first === 'lim')) return built({ cmd: name, arg: { kind: first } });
      if (args.length !== 2) return bad('argument');
      const value = parseHarvardNumber(args[0] ?? '');
      const units = parseHarvardRateUnits(args[1] ?? '');
      if (value === null || units === null) return bad('argument');
      return built({ cmd: name, arg: { kind: 'rate', value, units } });
    }
    case 'diameter': {
      if (args.length === 0) return built({ cmd: 'diameter' });
      const d = args.length === 1 ? parseHarvardNumber(args[0] ?? '') : null;
      if (d === null) return bad('argument');
      return d > 0 ? built({ cmd: 'diameter', diameterMm: d }) : bad('out-of-range');
    }
    case 'svolume':
    case 'tvolume': {
      if (args.length === 0) return built({ cmd: name });
      const v = volumeArgs(args);
      return v === null ? bad('argument') : built({ cmd: name, volume: v });
    }
    case 'address': {
      const a = intArg(args);
      if (a === null) return bad('argument');
      if (a === undefined) return built({ cmd: 'address' });
      return a <= HARVARD_MAX_ADDRESS ? built({ cmd: 'address', address: a }) : bad('out-of-range');
    }
    case 'baud': {
      const b = intArg(args);
      if (b === null) return bad('argument');
      if (b === undefined) return built({ cmd: 'baud' });
      const baud = HARVARD_BAUD_RATES.find((r) => r === b);
      return baud === undefined ? bad('out-of-range') : built({ cmd: 'baud', baud });
    }
    case 'force': {
      const f = intArg(args);
      if (f === null) return bad('argument');
      if (f === undefined) return built({ cmd: 'force' });
      return f >= 1 && f <= 100 ? built({ cmd: 'force', percent: f }) : bad('out-of-range');
    }
    default:
      // Every other command takes no argument.
      return args.length === 0 ? built({ cmd: name }) : bad('argument');
  }
}

/** Parse one command line as the pump receives it (with or without its CR / CR LF). */
export function parseHarvardCommand(line: string): HarvardParseResult {
  let text = line.replace(/[\r\n]+$/, '').trim();
  let address = 0;
  const addr = /^(\d{1,2}):/.exec(text);
  if (addr !== null) {
    address = Number(addr[1]);
    text = text.slice(addr[0].length).trim();
  }
  const [word = '', ...args] = text.split(/[ \t]+/).filter((s) => s !== '');
  const name = resolveHarvardCommandName(word);
  if (name === null) return { ok: false, error: 'unknown', address };
  const b = buildCommand(name, args);
  if (!b.ok) return { ok: false, error: b.error, address };
  const checked = harvardCommandSchema.safeParse(b.command);
  if (!checked.success) return { ok: false, error: 'argument', address };
  return { ok: true, request: { address, command: checked.data } };
}

function argText(c: HarvardCommand): string {
  switch (c.cmd) {
    case 'irate':
    case 'wrate':
      if (c.arg === undefined) return '';
      return c.arg.kind === 'rate' ? `${formatHarvardNumber(c.arg.value)} ${c.arg.units}` : c.arg.kind;
    case 'diameter':
      return c.diameterMm === undefined ? '' : formatHarvardNumber(c.diameterMm);
    case 'svolume':
    case 'tvolume':
      return c.volume === undefined ? '' : `${formatHarvardNumber(c.volume.value)} ${c.volume.units}`;
    case 'address':
      return c.address === undefined ? '' : String(c.address);
    case 'baud':
      return c.baud === undefined ? '' : String(c.baud);
    case 'force':
      return c.percent === undefined ? '' : String(c.percent);
    default:
      return '';
  }
}

export interface HarvardFormatOptions {
  /** Pump address; 0 (default) sends no prefix. */
  readonly address?: number;
  /** Send the 4-letter form (`irat`) instead of the full word. */
  readonly abbreviate?: boolean;
  /** Line end; CR by default [M]. */
  readonly lineEnd?: '\r' | '\r\n';
}

/** Host side: the command line to send, with its line end. Throws on an invalid command. */
export function formatHarvardCommand(command: HarvardCommand, options: HarvardFormatOptions = {}): string {
  const c = harvardCommandSchema.parse(command);
  const address = options.address ?? 0;
  if (!Number.isInteger(address) || address < 0 || address > HARVARD_MAX_ADDRESS) throw new RangeError(`address ${address} is not 0..99`);
  const word = options.abbreviate === true && c.cmd.length > HARVARD_MIN_ABBREVIATION ? c.cmd.slice(0, HARVARD_MIN_ABBREVIATION) : c.cmd;
  const args = argText(c);
  const prefix = address === 0 ? '' : `${address}:`;
  return `${prefix}${word}${args === '' ? '' : ` ${args}`}${options.lineEnd ?? '\r'}`;
}
