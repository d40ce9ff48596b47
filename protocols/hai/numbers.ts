/**
 * Number text both ways. Requests accept plain decimals and exponent form only (no NaN, Inf,
 * hex, units); replies write fixed decimals so the device's integer nanolitres print stably.
 */

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isSign = (code: number): boolean => code === 0x2b || code === 0x2d;

/** 10^0 … 10^22: every power of ten a double holds exactly (read by the parser, so exact). */
const EXACT_POWERS_OF_TEN: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** Up to 15 digits, the digits read as an integer are below 2^53, so exact. */
const EXACT_DIGITS = 15;

export type NumberParse =
  | { readonly ok: true; readonly value: number }
  /** `type`: not number syntax (-104); `range`: syntax fine but not finite (-222). */
  | { readonly ok: false; readonly reason: 'type' | 'range' };

/**
 * The value of the number text in `text` from `start` to `end`, or why there is none: `type` when
 * it is not `[+-]digits[.digits][(e|E)[+-]digits]` with a digit before the exponent (PROTOCOL.md
 * 4), `range` when it is but the value is not finite. Scanned by hand, in place, because this runs
 * on every numeric argument (a regex cost 2×, a slice per argument showed in the profile).
 *
 * The value is Number()'s, exactly: when the digits fit in 15 and the power of ten in ±22, both
 * the digits and the power are exact doubles, so one IEEE multiply or divide rounds the exact
 * decimal once, which is what Number() does (Clinger's fast path); anything else goes to Number().
 */
export function decimalValueIn(text: string, start: number, end: number): number | 'type' | 'range' {
  let i = start;
  let negative = false;
  if (i < end && isSign(text.charCodeAt(i))) {
    negative = text.charCodeAt(i) === 0x2d;
    i++;
  }
  let digitsValue = 0;
  let digits = 0;
  let scale = 0;
  // Each loop tests `i < end` before reading: a read past the string's end deoptimizes V8's code.
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) break;
    digitsValue = digitsValue * 10 + (code - 0x30);
    digits++;
  }
  if (i < end && text.charCodeAt(i) === 0x2e) {
    i++;
    for (; i < end; i++) {
      const code = text.charCodeAt(i);
      if (!isDigit(code)) break;
      digitsValue = digitsValue * 10 + (code - 0x30);
      digits++;
      scale--;
    }
  }
  if (digits === 0) return 'type';
  if (i < end && (text.charCodeAt(i) | 0x20) === 0x65) {
    i++;
    let exponentNegative = false;
    if (i < end && isSign(text.charCodeAt(i))) {
      exponentNegative = text.charCodeAt(i) === 0x2d;
      i++;
    }
    const exponentStart = i;
    let exponent = 0;
    for (; i < end; i++) {
      const code = text.charCodeAt(i);
      if (!isDigit(code)) break;
      exponent = exponent * 10 + (code - 0x30);
    }
    if (i === exponentStart) return 'type';
    scale += exponentNegative ? -exponent : exponent;
  }
  if (i !== end) return 'type';
  const power = EXACT_POWERS_OF_TEN[scale < 0 ? -scale : scale];
  let value: number;
  if (digits <= EXACT_DIGITS && power !== undefined) {
    const magnitude = scale < 0 ? digitsValue / power : digitsValue * power;
    value = negative ? -magnitude : magnitude;
  } else {
    value = Number(text.slice(start, end));
    if (!Number.isFinite(value)) return 'range';
  }
  // No negative zero on the wire: -0 reads as 0, so a value round-trips through text unchanged.
  return value === 0 ? 0 : value;
}

/** decimalValueIn over the whole text. */
export function decimalValue(text: string): number | 'type' | 'range' {
  return decimalValueIn(text, 0, text.length);
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
