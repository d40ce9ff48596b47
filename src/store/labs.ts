import { doseReduction, type DoseReductionResult, type LabRatios } from '../model/index.ts';
import { StoreInputError } from './errors.ts';
import { lastDrugFillBefore, latestLab } from './history.ts';
import type { Db } from './open.ts';
import { FUTURE_TOLERANCE_MS, requirePump } from './pumps.ts';
import { LabRowSchema, parseRow, type LabRow } from './rows.ts';

export interface LabInput {
  pumpId: string;
  atMs: number;
  astUPerL?: number | undefined;
  alpUPerL?: number | undefined;
  bilirubinMgPerDl?: number | undefined;
}

export function recordLab(db: Db, input: LabInput, nowMs: number): LabRow {
  return db
    .transaction((): LabRow => {
      requirePump(db, input.pumpId);
      if (input.atMs > nowMs + FUTURE_TOLERANCE_MS) throw new StoreInputError('a lab result cannot be dated in the future');
      const values = [input.astUPerL, input.alpUPerL, input.bilirubinMgPerDl];
      if (values.every((v) => v === undefined)) throw new StoreInputError('give at least one of --ast, --alp, --bilirubin');
      for (const v of values)
        if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new StoreInputError(`lab values must be positive numbers, got ${v}`);
      const info = db
        .prepare(
          'INSERT INTO labs (pump_id, at_ms, ast_u_per_l, alp_u_per_l, bilirubin_mg_per_dl, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(input.pumpId, input.atMs, input.astUPerL ?? null, input.alpUPerL ?? null, input.bilirubinMgPerDl ?? null, nowMs);
      return parseRow(LabRowSchema, db.prepare('SELECT * FROM labs WHERE id = ?').get(info.lastInsertRowid), 'labs');
    })
    .immediate();
}

export interface LabAssessment {
  baseline: LabRow;
  current: LabRow;
  ratios: LabRatios;
  result: DoseReductionResult;
}

/**
 * Dose reduction for a drug fill at `atMs`: ratios of the newest labs since the last drug fill to
 * the newest labs at or before it (hai-pump.md's rules are relative to the last drug fill).
 * Null when there is no earlier drug fill or either set of labs is missing.
 */
export function assessLabs(db: Db, pumpId: string, atMs: number): LabAssessment | null {
  const previous = lastDrugFillBefore(db, pumpId, atMs);
  if (previous === null) return null;
  const baseline = latestLab(db, pumpId, previous.at_ms, null);
  const current = latestLab(db, pumpId, atMs, previous.at_ms);
  if (baseline === null || current === null) return null;
  const ratio = (now: number | null, then: number | null): number | undefined => (now === null || then === null ? undefined : now / then);
  const ratios: LabRatios = {};
  const ast = ratio(current.ast_u_per_l, baseline.ast_u_per_l);
  const alp = ratio(current.alp_u_per_l, baseline.alp_u_per_l);
  const bili = ratio(current.bilirubin_mg_per_dl, baseline.bilirubin_mg_per_dl);
  if (ast !== undefined) ratios.astRatio = round2(ast);
  if (alp !== undefined) ratios.alkPhosRatio = round2(alp);
  if (bili !== undefined) ratios.bilirubinRatio = round2(bili);
  return { baseline, current, ratios, result: doseReduction(ratios) };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
