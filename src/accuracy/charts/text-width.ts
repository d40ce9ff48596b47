/**
 * Text width for vega in Node. Without a canvas vega guesses 0.8 em for every character, about half
 * again too wide for sans-serif: a long subtitle then squeezes the plot in the SVG file but not on
 * the page, where the browser measures. Helvetica's advance widths (as Arial's) are close to what a
 * browser's sans-serif draws, so the file's layout matches the page's to a few pixels.
 */

/** Helvetica advance widths, 1/1000 em, for the printable ASCII range from the space (32) on. */
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278,
  278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
  667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556,
  556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
/** The few non-ASCII characters the charts use: middle dot, en dash, minus sign, degree sign. */
const OTHER_WIDTHS: Readonly<Record<string, number>> = { '·': 278, '–': 556, '−': 584, '°': 400 };
const DEFAULT_WIDTH = 556;
/** Helvetica Bold runs about 7 % wider. */
const BOLD_FACTOR = 1.07;

export function sansSerifWidthPx(text: string, fontSizePx: number, bold: boolean): number {
  let units = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    units += (code >= 32 && code < 127 ? ASCII_WIDTHS[code - 32] : OTHER_WIDTHS[char]) ?? DEFAULT_WIDTH;
  }
  return (units / 1000) * fontSizePx * (bold ? BOLD_FACTOR : 1);
}
