import { isoInZone, reminderAtMs } from './local-time.ts';
import type { PumpFlag, ReminderItem } from './status.ts';

/**
 * JSON shapes of reminders and drift flags, shared by `haipump remind --json`, `pump list/show`
 * and the dashboard's refill board, so both surfaces print the same object for the same report.
 * Numbers carry their unit in the name; times come as an ISO string with the zone's offset plus
 * the same instant as `...Ms` (UTC epoch ms).
 */

/** `{ <name>: ISO with offset, <name>Ms: epoch ms }` for JSON output; null stays null. */
export function timeFields<N extends string>(name: N, atMs: number | null, zone: string): Record<N | `${N}Ms`, string | number | null> {
  return { [name]: atMs === null ? null : isoInZone(atMs, zone), [`${name}Ms`]: atMs } as Record<N | `${N}Ms`, string | number | null>;
}

export function reminderJson(item: ReminderItem, zone: string, hour: number): Record<string, unknown> {
  return {
    pumpId: item.pumpId,
    label: item.label,
    fillId: item.fillId,
    kind: item.kind,
    reason: item.reason,
    status: item.status,
    ...timeFields('dueAt', item.dueAtMs, zone),
    ...timeFields('remindAt', reminderAtMs(item.dueAtMs, zone, hour), zone),
    ...(item.schedule === null
      ? {}
      : {
          ...timeFields('reserveAt', item.schedule.reserveAtMs, zone),
          ...timeFields('dryAt', item.schedule.dryAtMs, zone),
          ...timeFields('drugPhaseEndAt', item.schedule.drugPhaseEndAtMs, zone),
          marginDays: item.schedule.marginDays,
        }),
    ...timeFields('acknowledgedAt', item.acknowledgedAtMs, zone),
    message: item.message,
  };
}

export function flagJson(flag: PumpFlag, zone: string): Record<string, unknown> {
  return {
    pumpId: flag.pumpId,
    kind: flag.kind,
    level: flag.level,
    message: flag.message,
    ...(flag.drain === undefined
      ? {}
      : {
          drain: {
            id: flag.drain.id,
            ...timeFields('at', flag.drain.atMs, zone),
            returnedMl: flag.drain.returnedMl,
            measuredFlowMlPerDay: flag.drain.measuredFlowMlPerDay,
            predictedFlowMlPerDay: flag.drain.predictedFlowMlPerDay,
            deviationFraction: flag.drain.deviationFraction,
          },
        }),
    ...(flag.trend === undefined
      ? {}
      : {
          trend: {
            direction: flag.trend.direction,
            refills: flag.trend.refills,
            calibrationFlowsMlPerDay: flag.trend.flowsMlPerDay,
            meanChangeFractionPerRefill: flag.trend.meanChangeFractionPerRefill,
            totalChangeFraction: flag.trend.totalChangeFraction,
            thresholdFractionPerRefill: flag.trend.thresholdFractionPerRefill,
          },
        }),
  };
}
