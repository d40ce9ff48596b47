import * as z from 'zod';
import { InfusateNameSchema } from '../model/index.ts';
import type { DrainSnapshot, PumpSnapshot } from '../schedule/index.ts';
import { drainMeasuresOf } from './drain-measures.ts';
import type { Db } from './open.ts';
import { profileOf } from './pumps.ts';
import { parseRows } from './rows.ts';

/** Drains per pump read by default: enough for the newest deviation and a trend of up to 5 refills. */
export const DRAINS_PER_PUMP = 5;

const PumpFillRow = z.object({
  pump_id: z.string(),
  profile: z.string(),
  label: z.string().nullable(),
  fill_id: z.number().int().nullable(),
  at_ms: z.number().int().nullable(),
  infusate: InfusateNameSchema.nullable(),
  volume_ml: z.number().positive().nullable(),
  content_ml: z.number().positive().nullable(),
  predicted_flow_ml_per_day: z.number().min(0).nullable(),
  drug_days: z.number().positive().nullable(),
});

const DrainRow = z.object({
  id: z.number().int(),
  pump_id: z.string(),
  fill_id: z.number().int(),
  at_ms: z.number().int(),
  infusate: InfusateNameSchema,
  returned_ml: z.number().min(0),
  measured_flow_ml_per_day: z.number().min(0),
  predicted_flow_ml_per_day: z.number().min(0),
  deviation_fraction: z.number(),
  level: z.enum(['ok', 'flag', 'fault']),
  reached_taper: z.union([z.literal(0), z.literal(1)]),
});

/**
 * What remind needs for every pump (or one), in two indexed queries that never read whole
 * histories: each pump's newest fill (one (pump_id, at_ms) index probe), and its newest
 * `drainsPerPump` drains (an index range from the K-th newest drain's time onwards).
 */
export function loadSnapshots(db: Db, options: { pumpId?: string; drainsPerPump?: number } = {}): PumpSnapshot[] {
  const k = options.drainsPerPump ?? DRAINS_PER_PUMP;
  const where = options.pumpId === undefined ? '' : 'WHERE p.id = @pumpId';
  const params = options.pumpId === undefined ? { k } : { k, pumpId: options.pumpId };
  const fillRows = db
    .prepare(
      `SELECT p.id AS pump_id, p.profile, p.label, f.id AS fill_id, f.at_ms, f.infusate, f.volume_ml, f.content_ml,
              f.predicted_flow_ml_per_day, f.drug_days
         FROM pumps p
         LEFT JOIN fills f ON f.id = (SELECT id FROM fills WHERE pump_id = p.id ORDER BY at_ms DESC, id DESC LIMIT 1)
         ${where}
        ORDER BY p.id`,
    )
    .all(options.pumpId === undefined ? {} : { pumpId: options.pumpId });
  // No ORDER BY and no join: rows come out pump by pump in index order (oldest first), and a
  // sort of a temp B-tree over every selected drain would cost more than the lookups themselves.
  const drainRows =
    k <= 0
      ? []
      : db
          .prepare(
            `SELECT r.id, r.pump_id, r.fill_id, r.at_ms, r.infusate, r.returned_ml, r.measured_flow_ml_per_day,
              r.predicted_flow_ml_per_day, r.deviation_fraction, r.level, r.reached_taper
         FROM pumps p
         JOIN refills r ON r.pump_id = p.id
              AND r.at_ms >= coalesce((SELECT at_ms FROM refills WHERE pump_id = p.id ORDER BY at_ms DESC LIMIT 1 OFFSET @k - 1), -9007199254740991)
         ${where}`,
          )
          .all(params);
  const drains = new Map<string, DrainSnapshot[]>();
  for (const r of parseRows(DrainRow, drainRows, 'refills')) {
    let list = drains.get(r.pump_id);
    if (list === undefined) {
      list = [];
      drains.set(r.pump_id, list);
    }
    list.push({
      id: r.id,
      fillId: r.fill_id,
      atMs: r.at_ms,
      infusate: r.infusate,
      ...drainMeasuresOf(r),
    });
  }
  // Newest first; equal times can let a few more than k through, so cut there.
  for (const [pumpId, list] of drains) {
    list.sort((a, b) => b.atMs - a.atMs || b.id - a.id);
    if (list.length > k) drains.set(pumpId, list.slice(0, k));
  }
  return parseRows(PumpFillRow, fillRows, 'fills').map(
    (r): PumpSnapshot => ({
      pumpId: r.pump_id,
      label: r.label,
      profile: profileOf({ id: r.pump_id, profile: r.profile }),
      lastFill:
        r.fill_id === null ||
        r.at_ms === null ||
        r.infusate === null ||
        r.volume_ml === null ||
        r.content_ml === null ||
        r.predicted_flow_ml_per_day === null
          ? null
          : {
              id: r.fill_id,
              atMs: r.at_ms,
              infusate: r.infusate,
              volumeMl: r.volume_ml,
              contentMl: r.content_ml,
              predictedFlowMlPerDay: r.predicted_flow_ml_per_day,
              drugDays: r.drug_days,
            },
      recentDrains: drains.get(r.pump_id) ?? [],
    }),
  );
}
