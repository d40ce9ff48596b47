/**
 * Text as the drawing shows it, and its size estimated without a canvas: the layout runs on the
 * server, so widths come from per-character averages of a generic sans-serif face.
 */
import type { DiagramEdge } from './graph.ts';

export const STATE_FONT_PX = 13;
export const EDGE_FONT_PX = 11;

// Rough advance widths in em for a Helvetica/Arial-like face; generous so text never overflows its box.
const NARROW = new Set("iljtfrI.,:;'|!()[] ");
const WIDE = new Set('mwMW@%');

export function textWidth(text: string, fontPx: number): number {
  let em = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) em += 0.34;
    else if (WIDE.has(ch)) em += 0.9;
    else if (ch >= 'A' && ch <= 'Z') em += 0.7;
    else em += 0.58;
  }
  return Math.ceil(em * fontPx);
}

/** An eventless label already names its guard; the others get it in brackets, statechart style. */
export function edgeCaption(edge: DiagramEdge): string {
  return edge.guard && edge.kind !== 'always' ? `${edge.label} [${edge.guard}]` : edge.label;
}
