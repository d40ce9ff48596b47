// NE-1000 numbers [M p.33 <float>]: at most 4 digits plus one decimal point, at most 3
// digits after it. The pump prints queried numbers with the most decimals that fit (`26.59`,
// `1.500`, `0.000`) [M, C], i.e. always 4 digits, the leading zero of `0.500` counting as one.
// A reply number always carries its decimal point, so 1000..9999 print as `1000.` [C: clients
// written for real pumps parse replies with `\d+\.\d*` and fail on `1000`]; that is
// `formatNeReplyNumber`. Host-sent numbers need no point (`<float>` allows both): `formatNeNumber`.

export const NE_MAX_DIGITS = 4;
export const NE_MAX_DECIMALS = 3;

export interface NeFormatOptions {
  /** A positive value below 0.0005 rounds to `0.000`. That silently turns a set value into
   * zero, so by default it is refused (null); a query reply (e.g. a tiny dispensed volume)
   * may allow it, as the pump's display would show 0.000. */
  readonly allowUnderflowToZero?: boolean;
}

/** Round x·10^d to an integer, half away from zero, without binary surprises
 * (12.345 at 2 decimals is 12.35 as on paper, not 12.34). */
function roundScaled(x: number, decimals: number): number {
  const s = String(x);
  if (s.includes('e')) return Math.round(x * 10 ** decimals);
  return Math.round(Number(`${s}e${decimals}`));
}

function render(scaled: number, decimals: number): string {
  if (decimals === 0) return String(scaled);
  const digits = String(scaled).padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/**
 * Format a non-negative value the way the pump prints it: 4 digits, as many decimals
 * (at most 3) as fit. Returns null when it cannot be written: negative, not finite,
 * >= 9999.5, or (unless allowed) a positive value that would round to zero.
 */
export function formatNeNumber(x: number, options: NeFormatOptions = {}): string | null {
  if (!Number.isFinite(x) || x < 0) return null;
  for (let decimals = NE_MAX_DECIMALS; decimals >= 0; decimals--) {
    const scaled = roundScaled(x, decimals);
    const digitCount = Math.max(String(scaled).length, decimals + 1);
    if (digitCount > NE_MAX_DIGITS) continue;
    if (scaled === 0 && x > 0 && options.allowUnderflowToZero !== true) return null;
    return render(scaled, decimals);
  }
  return null;
}

/**
 * A number as the pump prints it in a reply: `formatNeNumber`, with the decimal point kept
 * when no decimals fit (`1000.`), so a reply number always has one.
 */
export function formatNeReplyNumber(x: number, options: NeFormatOptions = {}): string | null {
  const text = formatNeNumber(x, options);
  if (text === null) return null;
  return text.includes('.') ? text : `${text}.`;
}

const NE_NUMBER = /^(\d*)(?:\.(\d*))?$/;

/**
 * Parse a number as the pump accepts it: digits with an optional decimal point, at most 4
 * digits in all and 3 after the point. `.5` and `5.` are accepted ([?] the manual shows
 * neither; a lenient reading). Returns null for anything else (signs, exponents, 5 digits).
 */
export function parseNeNumber(text: string): number | null {
  const m = NE_NUMBER.exec(text);
  if (m === null) return null;
  const intPart = m[1] ?? '';
  const fracPart = m[2] ?? '';
  const digits = intPart.length + fracPart.length;
  if (digits === 0 || digits > NE_MAX_DIGITS || fracPart.length > NE_MAX_DECIMALS) return null;
  return Number(`${intPart === '' ? '0' : intPart}.${fracPart === '' ? '0' : fracPart}`);
}
