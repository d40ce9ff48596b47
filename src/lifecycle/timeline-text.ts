/**
 * Timeline events in words, for `haipump simulate`, `haipump run` and anything else that prints a
 * lifecycle timeline: one describer, one row layout.
 */
import { MS_PER_DAY } from '../model/index.ts';
import type { TimelineEvent } from './runner.ts';

/** `2026-01-05 09:00` (UTC, to the minute). */
export const dateOf = (atMs: number): string => new Date(atMs).toISOString().replace('T', ' ').slice(0, 16);

export const TIMELINE_HEADER = '  date (UTC)         day     volume  event';

/** One row: date, day since start, and the text (which begins with the volume column or padding). */
export function timelineRow(atMs: number, startAtMs: number, text: string): string {
  return `  ${dateOf(atMs)}  ${((atMs - startAtMs) / MS_PER_DAY).toFixed(2).padStart(6)}  ${text}`;
}

/** The volume column of an event row. */
export const volumeColumn = (volumeMl: number): string => `${volumeMl.toFixed(3).padStart(7)} mL`;

/** The padding that stands where an event row has its volume. */
export const NO_VOLUME = ' '.repeat(10);

export function describeEvent(event: TimelineEvent): string {
  const d = event.detail ?? {};
  const num = (key: string, digits = 3): string => (typeof d[key] === 'number' ? (d[key] as number).toFixed(digits) : '-');
  switch (event.type) {
    case 'state':
      return `→ ${event.shortState}`;
    case 'fill':
      return `fill ${num('volumeMl', 1)} mL ${String(d.infusate)}${d.recipeFudrMg == null ? '' : ` (FUDR ${num('recipeFudrMg', 1)} mg for ${num('recipeFlowMlPerDay')} mL/day)`}`;
    case 'drain':
      return `drain: returned ${num('returnedMl')} mL, measured flow ${num('measuredFlowMlPerDay')} mL/day (${d.level === 'ok' ? 'ok' : `${String(d.level)}, ${(100 * Number(d.deviationFraction)).toFixed(1)} %`})`;
    case 'alarm':
      return `ALARM ${String(d.code)} [${String(d.severity)}]: ${String(d.cause)}`;
    case 'ack':
      return `acknowledged ${String(d.code)}`;
    case 'env':
      return `environment: ${num('tempC', 1)} °C, ambient ${num('ambientMmHg', 0)} mmHg${d.altitudeM == null ? '' : ` (${num('altitudeM', 0)} m)`}, arterial ${num('arterialMmHg', 0)} mmHg → ${num('rateMlPerDay')} mL/day`;
    case 'bolus':
      return `side-port bolus ${num('volumeMl', 1)} mL`;
    case 'bolus-done':
      return 'bolus done';
    case 'taper':
      return 'bellows taper begins';
    case 'refused':
      return `refused ${String(d.event)}: ${String(d.reason)}`;
    default:
      return event.type;
  }
}
