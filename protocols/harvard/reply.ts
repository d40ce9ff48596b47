// Harvard "Ultra" replies [M]: every body line is `<lf>[##:]text<cr>`, then the prompt line
// `<lf>[##]<prompt>` with no CR after it; `##` is the pump's two-digit address, printed only
// when it is not 0. Prompts: `:` idle, `>` infusing, `<` withdrawing, `*` stalled, `T*` target
// reached; in poll mode an XON follows the prompt. Errors are two body lines. This module
// formats a reply (pump side) and parses typed body lines (host side); assembler.ts cuts a
// byte stream into replies.
import type { HarvardError } from './command.ts';
import { harvardRateToMlPerMin, harvardVolumeToMl, parseHarvardNumber, parseHarvardRateUnits, parseHarvardVolumeUnits } from './units.ts';
import type { HarvardRate, HarvardVolume } from './units.ts';

export const HARVARD_PROMPTS = { ':': 'idle', '>': 'infusing', '<': 'withdrawing', '*': 'stalled', 'T*': 'target-reached' } as const;
export type HarvardPromptText = keyof typeof HARVARD_PROMPTS;
export type HarvardPumpState = (typeof HARVARD_PROMPTS)[HarvardPromptText];

export const XON = '\x11';
export const HARVARD_TARGET_VOLUME_NOT_SET = 'Target volume not set';
export const HARVARD_TARGET_TIME_NOT_SET = 'Target time not set';
export const HARVARD_RAMP_NOT_SET = 'Ramp not set up.';

/** Text of the first error line [M]. */
export const HARVARD_ERROR_HEADS = { command: 'Command error:', argument: 'Argument error:' } as const;
/** The message line is indented by three spaces [M]. */
export const HARVARD_ERROR_INDENT = '   ';

export interface HarvardReply {
  /** The address printed before the prompt; undefined for pump 0. */
  readonly address?: number;
  readonly prompt: HarvardPromptText;
  readonly state: HarvardPumpState;
  /** Body lines without the address prefix and line ends. */
  readonly lines: readonly string[];
  /** Set when the body is an error (its two lines). */
  readonly error?: HarvardError;
  /** An XON followed the prompt (poll mode). */
  readonly xon: boolean;
}

/** `06T*` -> address 6, prompt T*; `:` -> prompt only. An XON may follow. */
export const HARVARD_PROMPT_LINE = /^(\d{2})?(T\*|[:<>*])\x11?$/;

export function parsePromptLine(text: string): { address?: number; prompt: HarvardPromptText; xon: boolean } | null {
  const m = HARVARD_PROMPT_LINE.exec(text);
  if (m === null) return null;
  const prompt = m[2] as HarvardPromptText;
  const xon = text.endsWith(XON);
  return m[1] === undefined ? { prompt, xon } : { address: Number(m[1]), prompt, xon };
}

/** The error of a body, if it is the two-line error form [M]. */
export function parseHarvardError(lines: readonly string[]): HarvardError | undefined {
  const [head, message] = lines;
  if (head === undefined) return undefined;
  const text = message?.startsWith(HARVARD_ERROR_INDENT) === true ? message.slice(HARVARD_ERROR_INDENT.length) : (message?.trim() ?? '');
  if (head.trimEnd() === HARVARD_ERROR_HEADS.command) return { kind: 'command', message: text };
  if (head.startsWith(HARVARD_ERROR_HEADS.argument)) {
    const argument = head.slice(HARVARD_ERROR_HEADS.argument.length).trim();
    return { kind: 'argument', argument: argument === '' ? undefined : argument, message: text };
  }
  return undefined;
}

export function makeHarvardReply(lines: readonly string[], prompt: HarvardPromptText, address?: number, xon = false): HarvardReply {
  const error = parseHarvardError(lines);
  return {
    ...(address === undefined ? {} : { address }),
    prompt,
    state: HARVARD_PROMPTS[prompt],
    lines: [...lines],
    ...(error === undefined ? {} : { error }),
    xon,
  };
}

/** The body lines of an error [M]. */
export function harvardErrorLines(error: HarvardError): string[] {
  const head =
    error.kind === 'command'
      ? HARVARD_ERROR_HEADS.command
      : `${HARVARD_ERROR_HEADS.argument}${error.argument === undefined ? '' : ` ${error.argument}`}`;
  return [head, `${HARVARD_ERROR_INDENT}${error.message}`];
}

export interface HarvardReplyText {
  readonly lines: readonly string[];
  readonly prompt: HarvardPromptText;
  /** The pump's own address (0 prints no prefix). */
  readonly address: number;
  /** Poll mode: XON after the prompt [M]. */
  readonly xon?: boolean;
}

/** Reply bytes as the pump sends them [M]: `<lf>[##:]line<cr>` per body line, then `<lf>[##]prompt`. */
export function formatHarvardReply(reply: HarvardReplyText): string {
  const { address } = reply;
  if (!Number.isInteger(address) || address < 0 || address > 99) throw new RangeError(`address ${address} is not 0..99`);
  for (const l of reply.lines) if (/[\r\n]/.test(l)) throw new RangeError('a body line may not contain CR or LF');
  const nn = address === 0 ? '' : String(address).padStart(2, '0');
  const prefix = address === 0 ? '' : `${nn}:`;
  return `${reply.lines.map((l) => `\n${prefix}${l}\r`).join('')}\n${nn}${reply.prompt}${reply.xon === true ? XON : ''}`;
}

// ---- typed body lines (host side) -------------------------------------------------------

/** A rate as the pump printed it, and the same in mL/min. */
export type HarvardRateLine = Readonly<HarvardRate & { mlPerMin: number }>;

/** `3.20000 ul/min` (irate / wrate query); also `u/m` style units. */
export function parseHarvardRateLine(line: string): HarvardRateLine | null {
  const q = quantityLine(line, parseHarvardRateUnits);
  return q === null ? null : { ...q, mlPerMin: harvardRateToMlPerMin(q.value, q.units) };
}

/** `<number> <units>`, the form of every quantity the pump prints; null when either part is off. */
function quantityLine<U>(line: string, parseUnits: (text: string) => U | null): { value: number; units: U } | null {
  const parts = line.trim().split(/\s+/);
  if (parts.length !== 2) return null;
  const value = parseHarvardNumber(parts[0] ?? '');
  const units = parseUnits(parts[1] ?? '');
  return value === null || units === null ? null : { value, units };
}

/** `1.27000 pl/min to 88.2889 ml/min` (irate lim) [M]. */
export function parseHarvardRateLimitsLine(line: string): { min: HarvardRateLine; max: HarvardRateLine } | null {
  const m = /^\s*(\S+\s+\S+)\s+to\s+(\S+\s+\S+)\s*$/.exec(line);
  if (m === null) return null;
  const min = parseHarvardRateLine(m[1] ?? '');
  const max = parseHarvardRateLine(m[2] ?? '');
  return min === null || max === null ? null : { min, max };
}

/** `Infusing at 1.00000 ml/min` / `Withdrawing at ...` (crate) [M]. */
export function parseHarvardCurrentRateLine(line: string): { direction: HarvardDirection; rate: HarvardRateLine } | null {
  const m = /^\s*(Infusing|Withdrawing) at (.+)$/.exec(line);
  if (m === null) return null;
  const rate = parseHarvardRateLine(m[2] ?? '');
  return rate === null ? null : { direction: m[1] === 'Infusing' ? 'infuse' : 'withdraw', rate };
}

/** A volume as the pump printed it, and the same in mL. */
export type HarvardVolumeLine = Readonly<HarvardVolume & { ml: number }>;

/** `250.000 ul` (ivolume, wvolume, svolume, tvolume queries). */
export function parseHarvardVolumeLine(line: string): HarvardVolumeLine | null {
  const q = quantityLine(line, parseHarvardVolumeUnits);
  return q === null ? null : { ...q, ml: harvardVolumeToMl(q.value, q.units) };
}

/** tvolume query: a volume, or `Target volume not set` [M]. */
export function parseHarvardTargetVolumeLine(line: string): { set: false } | { set: true; volume: HarvardVolumeLine } | null {
  if (line.trim() === HARVARD_TARGET_VOLUME_NOT_SET) return { set: false };
  const volume = parseHarvardVolumeLine(line);
  return volume === null ? null : { set: true, volume };
}

/** `14.4300 mm` (diameter query) [M]; a bare number is taken too. */
export function parseHarvardDiameterLine(line: string): number | null {
  const m = /^\s*(\S+)(?:\s+mm)?\s*$/.exec(line);
  return m === null ? null : parseHarvardNumber(m[1] ?? '');
}

export type HarvardDirection = 'infuse' | 'withdraw';

export interface HarvardStatus {
  /** Rate now, fL/s. */
  readonly rateFlPerS: number;
  readonly rateMlPerMin: number;
  /** The time field as printed (its unit is the model's: 1/56,000,000 s on the Elite [M]). */
  readonly time: number;
  readonly volumeFl: number;
  readonly volumeMl: number;
  readonly direction: HarvardDirection;
  /** Flag 1 in upper case (6-flag form): the motor runs. Null when the form does not say. */
  readonly motorRunning: boolean | null;
  /** Which limit switch is hit, if any. */
  readonly limit: HarvardDirection | null;
  readonly stalled: boolean;
  readonly triggered: boolean;
  /** Level of the direction input port. */
  readonly directionPort: HarvardDirection;
  /** Flag 6: target reached (null in the 5-flag form). */
  readonly targetReached: boolean | null;
  readonly flags: string;
}

const FL_PER_ML = 1e12;

/**
 * `status` [M]: `<rate fL/s> <time> <volume fL> <flags>`. Flags by position: direction
 * (`I`/`W`, lower case when the motor is idle), limit (`I`/`W`/`.`), stall (`S`/`.`), trigger
 * (`T`/`.`), direction port (`I`/`W`), and on 6-flag models target reached (`T`/`.`) [M].
 * The 5-flag lower-case form of the PHD ULTRA Rev A guide p. 88 parses too.
 */
export function parseHarvardStatusLine(line: string): HarvardStatus | null {
  const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+([iwIW])([iwIW.])([S.])([T.])([iwIW])([T.])?\s*$/.exec(line);
  if (m === null) return null;
  const dir = (c: string | undefined): HarvardDirection => (c?.toLowerCase() === 'i' ? 'infuse' : 'withdraw');
  const rateFlPerS = Number(m[1]);
  const volumeFl = Number(m[3]);
  const sixFlags = m[9] !== undefined;
  return {
    rateFlPerS,
    rateMlPerMin: (rateFlPerS * 60) / FL_PER_ML,
    time: Number(m[2]),
    volumeFl,
    volumeMl: volumeFl / FL_PER_ML,
    direction: dir(m[4]),
    motorRunning: sixFlags ? m[4] === 'I' || m[4] === 'W' : null,
    limit: m[5] === '.' ? null : dir(m[5]),
    stalled: m[6] === 'S',
    triggered: m[7] === 'T',
    directionPort: dir(m[8]),
    targetReached: sixFlags ? m[9] === 'T' : null,
    flags: `${m[4]}${m[5]}${m[6]}${m[7]}${m[8]}${m[9] ?? ''}`,
  };
}

export interface HarvardStatusFields {
  readonly rateFlPerS: number;
  readonly time: number;
  readonly volumeFl: number;
  readonly direction: HarvardDirection;
  readonly motorRunning: boolean;
  readonly limit: HarvardDirection | null;
  readonly stalled: boolean;
  readonly triggered: boolean;
  readonly directionPort: HarvardDirection;
  readonly targetReached: boolean;
}

/** Pump side: the `status` line in a model's form (5 or 6 flags, case showing motion or not). */
export function formatHarvardStatusLine(
  s: HarvardStatusFields,
  form: { readonly flags: 5 | 6; readonly directionCaseShowsMotion: boolean },
): string {
  const d = s.direction === 'infuse' ? 'i' : 'w';
  const flags =
    (form.directionCaseShowsMotion && s.motorRunning ? d.toUpperCase() : d) +
    (s.limit === null ? '.' : s.limit === 'infuse' ? 'I' : 'W') +
    (s.stalled ? 'S' : '.') +
    (s.triggered ? 'T' : '.') +
    (s.directionPort === 'infuse' ? 'I' : 'W') +
    (form.flags === 6 ? (s.targetReached ? 'T' : '.') : '');
  return `${Math.round(s.rateFlPerS)} ${Math.round(s.time)} ${Math.round(s.volumeFl)} ${flags}`;
}
