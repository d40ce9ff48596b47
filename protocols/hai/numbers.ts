/**
 * Number text both ways. Requests accept plain decimals and exponent form only (no NaN, Inf,
 * hex, units); replies write fixed decimals so the device's integer nanolitres print stably.
 */

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isSign = (code: number): boolean => code === 0x2b || code === 0x2d;

/**
 * `[+-]digits[.digits][(e|E)[+-]digits]`, at least one digit before the exponent: the grammar of
 * PROTOCOL.md 4, scanned by hand because this runs on every numeric argument (a regex costs 2×).
 */
function isDecimalSyntax(text: string): boolean {
  const n = text.length;
  let i = n > 0 && isSign(text.charCodeAt(0)) ? 1 : 0;
  let digits = 0;
  for (; i < n && isDigit(text.charCodeAt(i)); i++) digits++;
  if (i < n && text.charCodeAt(i) === 0x2e) {
    i++;
    for (; i < n && isDigit(text.charCodeAt(i)); i++) digits++;
  }
  if (digits === 0) return false;
  if (i < n && (text.charCodeAt(i) | 0x20) === 0x65) {
    i++;
    if (i < n && isSign(text.charCodeAt(i))) i++;
    const exponentStart = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === exponentStart) return false;
  }
  return i === n;
}

export type NumberParse =
  | { readonly ok: true; readonly value: number }
  /** `type`: not number syntax (-104); `range`: syntax fine but not finite (-222). */
  | { readonly ok: false; readonly reason: 'type' | 'range' };

/** parseDecimal without the result object (the request parser's hot path): the value, or why not. */
export function decimalValue(text: string): number | 'type' | 'range' {
  if (!isDecimalSyntax(text)) return 'type';
  const value = Number(text);
  if (!Number.isFinite(value)) return 'range';
  return value === 0 ? 0 : value;
}

/** Parses a request number; -0 becomes 0 so a value round-trips through text unchanged. */
export function parseDecimal(text: string): NumberParse {
  const value = decimalValue(text);
  return typeof value === 'number' ? { ok: true, value } : { ok: false, reason: value };
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
