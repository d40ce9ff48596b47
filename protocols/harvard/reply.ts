// Harvard "Ultra" replies [M, C]: CR LF separated lines, an empty first line, body lines,
// then a prompt that says the pump's state: `:` idle, `>` infusing, `<` withdrawing,
// `*` stalled, `T*` target reached, with a two-digit address in front on chains. Errors are
// body lines. This module formats a reply and parses the typed body lines; assembler.ts
// cuts a byte stream into replies.
import {
  formatHarvardNumber,
  harvardRateToMlPerMin,
  harvardVolumeToMl,
  parseHarvardNumber,
  parseHarvardRateUnits,
  parseHarvardVolumeUnits,
} from './units.ts';
import type { HarvardRateUnits, HarvardVolumeUnits } from './units.ts';

export const HARVARD_PROMPTS = { ':': 'idle', '>': 'infusing', '<': 'withdrawing', '*': 'stalled', 'T*': 'target-reached' } as const;
export type HarvardPromptText = keyof typeof HARVARD_PROMPTS;
export type HarvardPumpState = (typeof HARVARD_PROMPTS)[HarvardPromptText];

/** The error lines [M, C]. */
export const HARVARD_ERRORS = ['Command error', 'Unknown command', 'Argument error', 'Out of range'] as const;
export type HarvardErrorLine = (typeof HARVARD_ERRORS)[number];

export interface HarvardReply {
  /** Address printed before the prompt (chains), else undefined. */
  readonly address?: number;
  readonly prompt: HarvardPromptText;
  readonly state: HarvardPumpState;
  /** Body lines, without the leading empty line and line ends. */
  readonly lines: readonly string[];
  /** The first error line, when the pump refused the command. */
  readonly error?: HarvardErrorLine;
}

/** `01T*` -> address 1, prompt T*. Exported for the assembler. */
export const HARVARD_PROMPT_LINE = /^(\d{2})?(T\*|[:<>*])$/;

export function parsePromptLine(text: string): { address?: number; prompt: HarvardPromptText } | null {
  const m = HARVARD_PROMPT_LINE.exec(text);
  if (m === null) return null;
  const prompt = m[2] as HarvardPromptText;
  return m[1] === undefined ? { prompt } : { address: Number(m[1]), prompt };
}

export function harvardErrorOf(lines: readonly string[]): HarvardErrorLine | undefined {
  return HARVARD_ERRORS.find((e) => lines.includes(e));
}

export function makeHarvardReply(lines: readonly string[], prompt: HarvardPromptText, address?: number): HarvardReply {
  const error = harvardErrorOf(lines);
  return {
    ...(address === undefined ? {} : { address }),
    prompt,
    state: HARVARD_PROMPTS[prompt],
    lines: [...lines],
    ...(error === undefined ? {} : { error }),
  };
}

/** Reply text as the pump sends it: CR LF, each body line + CR LF, then the prompt (no line
 * end after it: the pump waits there). */
export function formatHarvardReply(reply: { readonly lines: readonly string[]; readonly prompt: HarvardPromptText; readonly address?: number }): string {
  if (reply.address !== undefined && (!Number.isInteger(reply.address) || reply.address < 0 || reply.address > 99)) {
    throw new RangeError(`address ${reply.address} is not 0..99`);
  }
  for (const l of reply.lines) if (/[\r\n]/.test(l)) throw new RangeError('a body line may not contain CR or LF');
  const addr = reply.address === undefined ? '' : String(reply.address).padStart(2, '0');
  return `\r\n${reply.lines.map((l) => `${l}\r\n`).join('')}${addr}${reply.prompt}`;
}

// ---- typed body lines ------------------------------------------------------------------

export interface HarvardRateLine {
  readonly value: number;
  readonly units: HarvardRateUnits;
  readonly mlPerMin: number;
}

/** `3.2 ul/min` (irate / wrate / crate query). */
export function parseHarvardRateLine(line: string): HarvardRateLine | null {
  const parts = line.trim().split(/\s+/);
  if (parts.length !== 2) return null;
  const value = parseHarvardNumber(parts[0] ?? '');
  const units = parseHarvardRateUnits(parts[1] ?? '');
  if (value === null || units === null) return null;
  return { value, units, mlPerMin: harvardRateToMlPerMin(value, units) };
}

export function formatHarvardRateLine(value: number, units: HarvardRateUnits): string {
  return `${formatHarvardNumber(value)} ${units}`;
}

/** `1.27 pl/min to 88.28 ml/min` (irate lim) [M]. */
export function parseHarvardRateLimitsLine(line: string): { min: HarvardRateLine; max: HarvardRateLine } | null {
  const m = /^\s*(\S+\s+\S+)\s+to\s+(\S+\s+\S+)\s*$/.exec(line);
  if (m === null) return null;
  const min = parseHarvardRateLine(m[1] ?? '');
  const max = parseHarvardRateLine(m[2] ?? '');
  return min === null || max === null ? null : { min, max };
}

export function formatHarvardRateLimitsLine(min: { value: number; units: HarvardRateUnits }, max: { value: number; units: HarvardRateUnits }): string {
  return `${formatHarvardRateLine(min.value, min.units)} to ${formatHarvardRateLine(max.value, max.units)}`;
}

export interface HarvardVolumeLine {
  readonly value: number;
  readonly units: HarvardVolumeUnits;
  readonly ml: number;
}

/** `1.234 ml` (ivolume, wvolume, svolume, tvolume queries). */
export function parseHarvardVolumeLine(line: string): HarvardVolumeLine | null {
  const parts = line.trim().split(/\s+/);
  if (parts.length !== 2) return null;
  const value = parseHarvardNumber(parts[0] ?? '');
  const units = parseHarvardVolumeUnits(parts[1] ?? '');
  if (value === null || units === null) return null;
  return { value, units, ml: harvardVolumeToMl(value, units) };
}

export function formatHarvardVolumeLine(value: number, units: HarvardVolumeUnits): string {
  return `${formatHarvardNumber(value)} ${units}`;
}

export const HARVARD_TARGET_NOT_SET = 'Target volume not set';

/** tvolume query: a volume, or `Target volume not set` [M] -> null volume. */
export function parseHarvardTargetVolumeLine(line: string): { set: false } | { set: true; volume: HarvardVolumeLine } | null {
  if (line.trim() === HARVARD_TARGET_NOT_SET) return { set: false };
  const volume = parseHarvardVolumeLine(line);
  return volume === null ? null : { set: true, volume };
}

/** `26.5900 mm` or `26.59` (diameter query) [? exact print format]. */
export function parseHarvardDiameterLine(line: string): number | null {
  const m = /^\s*(\S+)(?:\s+mm)?\s*$/.exec(line);
  return m === null ? null : parseHarvardNumber(m[1] ?? '');
}

export type HarvardDirection = 'infuse' | 'withdraw';

export interface HarvardStatus {
  /** Rate now, fL/s (signed in case the pump prints withdrawal negative [?]). */
  readonly rateFlPerS: number;
  readonly rateMlPerMin: number;
  /** Time field [M: seconds per the reference; ? units unconfirmed]. */
  readonly time: number;
  readonly volumeFl: number;
  readonly volumeMl: number;
  readonly direction: HarvardDirection;
  /** Which end-of-travel limit switch is hit, if any. */
  readonly limit: HarvardDirection | null;
  readonly stalled: boolean;
  readonly triggered: boolean;
  /** Level of the direction input pin. */
  readonly directionPin: HarvardDirection;
  /** Flags as printed (kept so unknown extra positions are not lost). */
  readonly flags: string;
}

const FL_PER_ML = 1e12;

/**
 * `status`: `<rate fL/s> <time> <volume fL> <flags>`; flags by position [M]: direction
 * i/w, limit I/W/., stall S/., trigger T/., direction pin I/W. Extra flag characters are
 * allowed and kept raw [? later firmware adds positions].
 */
export function parseHarvardStatusLine(line: string): HarvardStatus | null {
  const m = /^\s*(-?\d+)\s+(\d+(?:\.\d+)?)\s+(-?\d+)\s+([iw])([IW.])([S.])([T.])([IW])(\S*)\s*$/.exec(line);
  if (m === null) return null;
  const rateFlPerS = Number(m[1]);
  const volumeFl = Number(m[3]);
  const dir = (c: string | undefined): HarvardDirection => (c === 'i' || c === 'I' ? 'infuse' : 'withdraw');
  return {
    rateFlPerS,
    rateMlPerMin: (rateFlPerS * 60) / FL_PER_ML,
    time: Number(m[2]),
    volumeFl,
    volumeMl: volumeFl / FL_PER_ML,
    direction: dir(m[4]),
    limit: m[5] === '.' ? null : dir(m[5]),
    stalled: m[6] === 'S',
    triggered: m[7] === 'T',
    directionPin: dir(m[8]),
    flags: `${m[4]}${m[5]}${m[6]}${m[7]}${m[8]}${m[9] ?? ''}`,
  };
}

export function formatHarvardStatusLine(s: {
  readonly rateFlPerS: number;
  readonly time: number;
  readonly volumeFl: number;
  readonly direction: HarvardDirection;
  readonly limit: HarvardDirection | null;
  readonly stalled: boolean;
  readonly triggered: boolean;
  readonly directionPin: HarvardDirection;
}): string {
  const flags =
    (s.direction === 'infuse' ? 'i' : 'w') +
    (s.limit === null ? '.' : s.limit === 'infuse' ? 'I' : 'W') +
    (s.stalled ? 'S' : '.') +
    (s.triggered ? 'T' : '.') +
    (s.directionPin === 'infuse' ? 'I' : 'W');
  return `${Math.round(s.rateFlPerS)} ${s.time} ${Math.round(s.volumeFl)} ${flags}`;
}
