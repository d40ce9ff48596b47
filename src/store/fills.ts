import { computeRecipe, DosingError, type InfusateName, type Recipe } from '../model/index.ts';
import { DEFAULT_DRUG_DAYS, predictFlow, PREDICTION_WEIGHTS, type FlowPrediction } from '../schedule/index.ts';
import { StoreInputError } from './errors.ts';
import { drainOf, getFill, lastFill, recentMeasurements } from './history.ts';
import { assessLabs, type LabAssessment } from './labs.ts';
import type { Db } from './open.ts';
import { FUTURE_TOLERANCE_MS, profileOf, requirePump } from './pumps.ts';
import type { FillRow } from './rows.ts';

export interface FillInput {
  pumpId: string;
  atMs: number;
  infusate: InfusateName;
  volumeMl: number;
  /** Drug fills only; default DEFAULT_DRUG_DAYS. */
  drugDays?: number | undefined;
  /** Both or neither: the intended dose before any lab-based reduction. */
  doseMgPerKgDay?: number | undefined;
  weightKg?: number | undefined;
  dexamethasoneMg?: number | undefined;
  heparinUnits?: number | undefined;
  /** Skip the lab-based dose reduction (it is applied when labs allow it). */
  ignoreLabs?: boolean | undefined;
}

export interface FillResult {
  fill: FillRow;
  residualBeforeMl: number;
  prediction: FlowPrediction;
  recipe: Recipe | null;
  labs: LabAssessment | null;
  requestedDoseMgPerKgDay: number | null;
}

const VOLUME_EPSILON_ML = 1e-9;

/**
 * Records a fill. Must run inside a transaction (fill() and the refill path provide one): every
 * check happens before the insert, and a throw rolls the whole change back.
 * Rules: the pump exists; the time is not in the future, not before the implant date, and not
 * before the pump's latest record; the previous fill has been drained; residual + volume fits
 * the reservoir; a recipe (FUDR only) uses the predicted flow, i.e. the measured-flow history.
 */
export function fillInTransaction(db: Db, input: FillInput, nowMs: number): FillResult {
  const pump = requirePump(db, input.pumpId);
  const profile = profileOf(pump);
  if (!(Number.isFinite(input.volumeMl) && input.volumeMl > 0))
    throw new StoreInputError(`volume must be a positive number of mL, got ${input.volumeMl}`);
  if (input.atMs > nowMs + FUTURE_TOLERANCE_MS)
    throw new StoreInputError('a fill cannot be recorded in the future (use --at with a past time, or omit it for now)');
  if (pump.implanted_at_ms !== null && input.atMs < pump.implanted_at_ms)
    throw new StoreInputError(`the fill time is before pump "${pump.id}" was implanted`);
  const previous = lastFill(db, pump.id);
  let residualBeforeMl = 0;
  if (previous !== null) {
    const drain = drainOf(db, previous.id);
    if (drain === null) {
      throw new StoreInputError(
        `pump "${pump.id}" still holds its fill ${previous.id}: record the drain first (haipump refill ${pump.id} --returned-ml R)`,
      );
    }
    if (input.atMs < drain.at_ms) throw new StoreInputError(`the fill time is before the pump's last drain`);
    residualBeforeMl = Math.min(profile.residualAfterDrainMl, previous.content_ml);
  }
  const contentMl = residualBeforeMl + input.volumeMl;
  if (contentMl > profile.reservoirMl + VOLUME_EPSILON_ML) {
    const residual = residualBeforeMl > 0 ? ` on top of the ${residualBeforeMl} mL left after the drain` : '';
    throw new StoreInputError(
      `${input.volumeMl} mL${residual} exceeds the ${profile.reservoirMl} mL reservoir of pump "${pump.id}"; never overfill`,
    );
  }
  const isDrug = input.infusate === 'fudr';
  if (!isDrug && input.drugDays !== undefined) throw new StoreInputError('--drug-days applies to fudr fills only');
  const hasDose = input.doseMgPerKgDay !== undefined || input.weightKg !== undefined;
  if (hasDose && !isDrug) throw new StoreInputError('a dose and weight apply to fudr fills only');
  if (hasDose && (input.doseMgPerKgDay === undefined || input.weightKg === undefined)) {
    throw new StoreInputError('give both --dose-mg-per-kg-day and --weight-kg for a recipe');
  }
  const drugDays = isDrug ? (input.drugDays ?? DEFAULT_DRUG_DAYS) : null;
  if (drugDays !== null && !(Number.isFinite(drugDays) && drugDays > 0 && drugDays <= 60))
    throw new StoreInputError(`drug days must be in (0, 60], got ${drugDays}`);

  const prediction = predictFlow(profile, recentMeasurements(db, pump.id, PREDICTION_WEIGHTS.length), input.infusate);
  let recipe: Recipe | null = null;
  let labs: LabAssessment | null = null;
  if (input.doseMgPerKgDay !== undefined && input.weightKg !== undefined) {
    let dose = input.doseMgPerKgDay;
    labs = input.ignoreLabs === true ? null : assessLabs(db, pump.id, input.atMs);
    if (labs !== null) {
      if (labs.result.hold)
        throw new StoreInputError(
          `liver tests say hold the drug (${labs.result.reasons.join('; ')}); fill with saline, or pass --ignore-labs`,
        );
      dose *= labs.result.factor;
    }
    try {
      recipe = computeRecipe({
        weightKg: input.weightKg,
        doseMgPerKgDay: dose,
        reservoirMl: input.volumeMl,
        flowMlPerDay: prediction.flowMlPerDay,
        ...(input.dexamethasoneMg === undefined ? {} : { dexamethasoneMg: input.dexamethasoneMg }),
        ...(input.heparinUnits === undefined ? {} : { heparinUnits: input.heparinUnits }),
      });
    } catch (error) {
      if (error instanceof DosingError) throw new StoreInputError(`recipe: ${error.message}`);
      throw error;
    }
  }
  const info = db
    .prepare(
      `INSERT INTO fills (pump_id, at_ms, infusate, volume_ml, content_ml, predicted_flow_ml_per_day, prediction_basis, drug_days,
         fudr_mg, dexamethasone_mg, heparin_units, dose_mg_per_kg_day, weight_kg, recipe_flow_ml_per_day, recipe_json, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      pump.id,
      Math.round(input.atMs),
      input.infusate,
      input.volumeMl,
      contentMl,
      prediction.flowMlPerDay,
      prediction.basis,
      drugDays,
      recipe?.fudrMg ?? null,
      recipe?.dexamethasoneMg ?? null,
      recipe?.heparinUnits ?? null,
      recipe?.doseMgPerKgDay ?? null,
      recipe?.weightKg ?? null,
      recipe?.flowMlPerDay ?? null,
      recipe === null
        ? null
        : JSON.stringify({ ...recipe, requestedDoseMgPerKgDay: input.doseMgPerKgDay, labRatios: labs?.ratios ?? null }),
      nowMs,
    );
  const fill = getFill(db, Number(info.lastInsertRowid));
  if (fill === null) throw new Error('fill vanished after insert');
  return { fill, residualBeforeMl, prediction, recipe, labs, requestedDoseMgPerKgDay: input.doseMgPerKgDay ?? null };
}

/** One fill, in one IMMEDIATE transaction (the checks see every other process's committed writes). */
export function fill(db: Db, input: FillInput, nowMs: number): FillResult {
  return db.transaction(() => fillInTransaction(db, input, nowMs)).immediate();
}
