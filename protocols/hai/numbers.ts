/**
 * Number text both ways. Requests accept plain decimals and exponent form only (no NaN, Inf,
 * hex, units); replies write fixed decimals so the device's integer nanolitres print stably.
 */

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export type NumberParse =
  | { readonly ok: true; readonly value: number }
  /** `type`: not number syntax (-104); `range`: syntax fine but not finite (-222). */
  | { readonly ok: false; readonly reason: 'type' | 'range' };

/** Parses a request number; -0 becomes 0 so a value round-trips through text unchanged. */
export function parseDecimal(text: string): NumberParse {
  if (!DECIMAL.test(text)) return { ok: false, reason: 'type' };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, reason: 'range' };
  return { ok: true, value: value === 0 ? 0 : value };
}

/** The shortest text that parses back to exactly `value` (JavaScript's own round-trip form). */
export function formatDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`formatDecimal: ${value} is not finite`);
  return String(value === 0 ? 0 : value);
}

/** Fixed decimals without a "-0.0000": a tiny negative rounding to zero prints as zero. */
export function formatFixed(value: number, decimals: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`formatFixed: ${value} is not finite`);
  const text = value.toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** Volumes (mL) and flows (mL/day) in replies: 4 decimals, 0.1 µL resolution. */
export const VOLUME_DECIMALS = 4;
export const formatVolumeMl = (volumeMl: number): string => formatFixed(volumeMl, VOLUME_DECIMALS);
export const formatFlowMlPerDay = (flowMlPerDay: number): string => formatFixed(flowMlPerDay, VOLUME_DECIMALS);
