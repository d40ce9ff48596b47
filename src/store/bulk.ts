import type { DrainSnapshot, FillSnapshot } from '../schedule/index.ts';
import type { Db } from './open.ts';

/** Pre-computed history for a trusted bulk import (benchmarks, tests); no per-row checks. */
export interface BulkCycle {
  /** The fill and drain as the schedule reads them back, less the ids the insert gives them. */
  fill: Omit<FillSnapshot, 'id'> & { fudrMg: number | null };
  drain: Pick<DrainSnapshot, 'atMs' | 'returnedMl' | 'measuredFlowMlPerDay' | 'deviationFraction' | 'level'> | null;
}

export interface BulkPump {
  id: string;
  profile: string;
  label: string | null;
  cycles: BulkCycle[];
}

/**
 * Inserts pumps with their histories in ONE transaction (all rows or none) with prepared
 * statements: the fast path the benchmark and the crash test use. Returns rows written.
 */
export function insertPumps(db: Db, pumps: readonly BulkPump[], nowMs: number): number {
  const pumpStmt = db.prepare(
    'INSERT INTO pumps (id, profile, serial, implanted_at_ms, label, created_at_ms) VALUES (?, ?, NULL, NULL, ?, ?)',
  );
  const fillStmt = db.prepare(
    `INSERT INTO fills (pump_id, at_ms, infusate, volume_ml, content_ml, predicted_flow_ml_per_day, prediction_basis, drug_days, fudr_mg, created_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, 'measured', ?, ?, ?)`,
  );
  const drainStmt = db.prepare(
    `INSERT INTO refills (pump_id, fill_id, at_ms, infusate, returned_ml, measured_flow_ml_per_day, predicted_flow_ml_per_day, deviation_fraction, level, reached_taper, created_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
  );
  return db
    .transaction((): number => {
      let rows = 0;
      for (const pump of pumps) {
        pumpStmt.run(pump.id, pump.profile, pump.label, nowMs);
        rows++;
        for (const { fill, drain } of pump.cycles) {
          const fillId = fillStmt.run(
            pump.id,
            fill.atMs,
            fill.infusate,
            fill.volumeMl,
            fill.contentMl,
            fill.predictedFlowMlPerDay,
            fill.drugDays,
            fill.fudrMg,
            nowMs,
          ).lastInsertRowid;
          rows++;
          if (drain !== null) {
            drainStmt.run(
              pump.id,
              fillId,
              drain.atMs,
              fill.infusate,
              drain.returnedMl,
              drain.measuredFlowMlPerDay,
              fill.predictedFlowMlPerDay,
              drain.deviationFraction,
              drain.level,
              nowMs,
            );
            rows++;
          }
        }
      }
      return rows;
    })
    .immediate();
}
