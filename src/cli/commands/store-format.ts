import type { PumpFlag, RefillDue, ReminderItem } from '../../schedule/index.ts';
import { reminderAtMs, showInZone } from '../../schedule/index.ts';
import type { FillRow, PumpRow, RefillRow } from '../../store/index.ts';
import { drainMeasuresOf } from '../../store/index.ts';
import { timeFields } from './store-common.ts';

/**
 * JSON shapes of the store commands: numbers carry their unit in the name, times come as an
 * ISO string with the zone's offset plus the same instant as `...Ms` (UTC epoch ms).
 */
export function pumpJson(p: PumpRow, zone: string): Record<string, unknown> {
  return {
    id: p.id,
    profile: p.profile,
    serial: p.serial,
    ...timeFields('implantedAt', p.implanted_at_ms, zone),
    label: p.label,
    ...timeFields('createdAt', p.created_at_ms, zone),
  };
}

export function fillJson(f: FillRow, zone: string): Record<string, unknown> {
  return {
    id: f.id,
    pumpId: f.pump_id,
    ...timeFields('at', f.at_ms, zone),
    infusate: f.infusate,
    volumeMl: f.volume_ml,
    contentMl: f.content_ml,
    predictedFlowMlPerDay: f.predicted_flow_ml_per_day,
    predictionBasis: f.prediction_basis,
    drugDays: f.drug_days,
    recipe:
      f.fudr_mg === null
        ? null
        : {
            fudrMg: f.fudr_mg,
            dexamethasoneMg: f.dexamethasone_mg,
            heparinUnits: f.heparin_units,
            doseMgPerKgDay: f.dose_mg_per_kg_day,
            weightKg: f.weight_kg,
            flowMlPerDay: f.recipe_flow_ml_per_day,
          },
  };
}

export function drainJson(r: RefillRow, zone: string): Record<string, unknown> {
  return { id: r.id, pumpId: r.pump_id, fillId: r.fill_id, ...timeFields('at', r.at_ms, zone), ...drainMeasuresOf(r) };
}

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

/** One line for people: "refill due 2026-03-26 10:00 -04:00 (reserve): ...". */
export function reminderLine(item: ReminderItem, zone: string): string {
  const ack = item.acknowledgedAtMs === null ? '' : ' [acknowledged]';
  return `${item.status.toUpperCase().padEnd(8)} ${item.pumpId.padEnd(12)} ${item.kind} ${showInZone(item.dueAtMs, zone)}  ${item.message}${ack}`;
}
