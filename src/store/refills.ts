import { DrainError, measureDrain, type DrainOutcome } from '../schedule/index.ts';
import { StoreInputError } from './errors.ts';
import { fillInTransaction, type FillInput, type FillResult } from './fills.ts';
import { drainOf, lastFill } from './history.ts';
import type { Db } from './open.ts';
import { FUTURE_TOLERANCE_MS, profileOf, requirePump } from './pumps.ts';
import { parseRow, RefillRowSchema, type FillRow, type RefillRow } from './rows.ts';

export interface RefillInput {
  pumpId: string;
  atMs: number;
  returnedMl: number;
  /** The new fill made at the same visit (same time unless it says otherwise). */
  fill?: Omit<FillInput, 'pumpId' | 'atMs'> & { atMs?: number | undefined };
}

export interface RefillResult {
  drained: FillRow;
  drain: RefillRow;
  outcome: DrainOutcome;
  fill: FillResult | null;
}

/**
 * Records a drain (the returned volume and the flow it implies) and, when given, the new fill,
 * in one IMMEDIATE transaction: both rows or neither.
 */
export function refill(db: Db, input: RefillInput, nowMs: number): RefillResult {
  return db
    .transaction((): RefillResult => {
      const pump = requirePump(db, input.pumpId);
      const profile = profileOf(pump);
      if (input.atMs > nowMs + FUTURE_TOLERANCE_MS)
        throw new StoreInputError('a refill cannot be recorded in the future (use --at with a past time, or omit it for now)');
      const drained = lastFill(db, pump.id);
      if (drained === null) throw new StoreInputError(`pump "${pump.id}" has no fill to drain`);
      const earlier = drainOf(db, drained.id);
      if (earlier !== null)
        throw new StoreInputError(`pump "${pump.id}" was already drained since its last fill: record a fill (haipump fill ${pump.id} ...)`);
      let outcome: DrainOutcome;
      try {
        outcome = measureDrain(profile, {
          fillAtMs: drained.at_ms,
          fillContentMl: drained.content_ml,
          fillPredictedFlowMlPerDay: drained.predicted_flow_ml_per_day,
          atMs: input.atMs,
          returnedMl: input.returnedMl,
        });
      } catch (error) {
        if (error instanceof DrainError) throw new StoreInputError(error.message);
        throw error;
      }
      const info = db
        .prepare(
          `INSERT INTO refills (pump_id, fill_id, at_ms, infusate, returned_ml, measured_flow_ml_per_day, predicted_flow_ml_per_day,
             deviation_fraction, level, reached_taper, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          pump.id,
          drained.id,
          Math.round(input.atMs),
          drained.infusate,
          input.returnedMl,
          outcome.measuredFlowMlPerDay,
          outcome.predictedFlowMlPerDay,
          outcome.deviationFraction,
          outcome.level,
          outcome.reachedTaper ? 1 : 0,
          nowMs,
        );
      const drain = parseRow(RefillRowSchema, db.prepare('SELECT * FROM refills WHERE id = ?').get(info.lastInsertRowid), 'refills');
      const fill =
        input.fill === undefined
          ? null
          : fillInTransaction(db, { ...input.fill, pumpId: pump.id, atMs: input.fill.atMs ?? input.atMs }, nowMs);
      return { drained, drain, outcome, fill };
    })
    .immediate();
}
