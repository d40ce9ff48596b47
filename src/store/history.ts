import type { FlowMeasurement } from '../schedule/index.ts';
import type { Db } from './open.ts';
import { FillRowSchema, LabRowSchema, parseRow, parseRows, RefillRowSchema, type FillRow, type LabRow, type RefillRow } from './rows.ts';
import { InfusateNameSchema } from '../model/index.ts';
import * as z from 'zod';

/** Reads used by the write paths and `pump show`; each touches one pump through its (pump_id, at_ms) index. */
export function lastFill(db: Db, pumpId: string): FillRow | null {
  const row = db.prepare('SELECT * FROM fills WHERE pump_id = ? ORDER BY at_ms DESC, id DESC LIMIT 1').get(pumpId);
  return row === undefined ? null : parseRow(FillRowSchema, row, 'fills');
}

export function drainOf(db: Db, fillId: number): RefillRow | null {
  const row = db.prepare('SELECT * FROM refills WHERE fill_id = ?').get(fillId);
  return row === undefined ? null : parseRow(RefillRowSchema, row, 'refills');
}

export function getFill(db: Db, fillId: number): FillRow | null {
  const row = db.prepare('SELECT * FROM fills WHERE id = ?').get(fillId);
  return row === undefined ? null : parseRow(FillRowSchema, row, 'fills');
}

const MeasurementRow = z.object({ at_ms: z.number().int(), infusate: InfusateNameSchema, measured_flow_ml_per_day: z.number().min(0) });

/** The newest usable measured flows (drains that did not reach the taper), newest first. */
export function recentMeasurements(db: Db, pumpId: string, limit: number): FlowMeasurement[] {
  const rows = db
    .prepare(
      `SELECT at_ms, infusate, measured_flow_ml_per_day FROM refills
        WHERE pump_id = ? AND reached_taper = 0
        ORDER BY at_ms DESC, id DESC LIMIT ?`,
    )
    .all(pumpId, limit);
  return parseRows(MeasurementRow, rows, 'refills').map((r) => ({
    atMs: r.at_ms,
    infusate: r.infusate,
    measuredFlowMlPerDay: r.measured_flow_ml_per_day,
  }));
}

export function fillsOf(db: Db, pumpId: string, limit: number): FillRow[] {
  const rows = db.prepare('SELECT * FROM fills WHERE pump_id = ? ORDER BY at_ms DESC, id DESC LIMIT ?').all(pumpId, limit);
  return parseRows(FillRowSchema, rows, 'fills');
}

export function drainsOf(db: Db, pumpId: string, limit: number): RefillRow[] {
  const rows = db.prepare('SELECT * FROM refills WHERE pump_id = ? ORDER BY at_ms DESC, id DESC LIMIT ?').all(pumpId, limit);
  return parseRows(RefillRowSchema, rows, 'refills');
}

export function lastDrugFillBefore(db: Db, pumpId: string, atMs: number): FillRow | null {
  const row = db
    .prepare("SELECT * FROM fills WHERE pump_id = ? AND infusate = 'fudr' AND at_ms <= ? ORDER BY at_ms DESC, id DESC LIMIT 1")
    .get(pumpId, atMs);
  return row === undefined ? null : parseRow(FillRowSchema, row, 'fills');
}

/** The newest lab row in (afterMs, atMs], or at/before atMs when afterMs is null. */
export function latestLab(db: Db, pumpId: string, atMs: number, afterMs: number | null): LabRow | null {
  const row = db
    .prepare('SELECT * FROM labs WHERE pump_id = ? AND at_ms <= ? AND at_ms > ? ORDER BY at_ms DESC, id DESC LIMIT 1')
    .get(pumpId, atMs, afterMs ?? Number.MIN_SAFE_INTEGER);
  return row === undefined ? null : parseRow(LabRowSchema, row, 'labs');
}

export function countRows(db: Db): Record<'pumps' | 'fills' | 'refills' | 'labs' | 'acknowledgements', number> {
  const count = (table: string): number =>
    z.object({ n: z.number().int() }).parse(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).n;
  return {
    pumps: count('pumps'),
    fills: count('fills'),
    refills: count('refills'),
    labs: count('labs'),
    acknowledgements: count('acknowledgements'),
  };
}
