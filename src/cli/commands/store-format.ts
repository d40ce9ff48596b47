import type { RefillDue, ReminderItem } from '../../schedule/index.ts';
import { showInZone } from '../../schedule/index.ts';
import { timeFields } from '../../schedule/json.ts';

/**
 * The store commands' own formats: a fill's schedule as JSON and a reminder as one line for
 * people. The shapes the dashboard shares live in src/schedule/json.ts and src/store/json.ts.
 */
export function scheduleJson(s: RefillDue, zone: string): Record<string, unknown> {
  return {
    reason: s.reason,
    ...timeFields('dueAt', s.dueAtMs, zone),
    ...timeFields('reserveAt', s.reserveAtMs, zone),
    ...timeFields('dryAt', s.dryAtMs, zone),
    ...timeFields('drugPhaseEndAt', s.drugPhaseEndAtMs, zone),
    marginDays: s.marginDays,
  };
}

/** One line for people: "refill due 2026-03-26 10:00 -04:00 (reserve): ...". */
export function reminderLine(item: ReminderItem, zone: string): string {
  const ack = item.acknowledgedAtMs === null ? '' : ' [acknowledged]';
  return `${item.status.toUpperCase().padEnd(8)} ${item.pumpId.padEnd(12)} ${item.kind} ${showInZone(item.dueAtMs, zone)}  ${item.message}${ack}`;
}
