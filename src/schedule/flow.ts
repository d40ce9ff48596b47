import { calibrationConditions, fullFlowRateMlPerDay, type InfusateName, type PumpProfile } from '../model/index.ts';

/**
 * How fast this infusate runs relative to the calibration infusate, at calibration conditions
 * (Q ∝ 1/η): 1 for heparinized saline, ≈ 0.45 for glycerin. Measured flows are divided by it to
 * compare refills of different fluids, and predictions are multiplied by it for the next fluid.
 */
export function infusateFlowFactor(profile: PumpProfile, infusate: InfusateName): number {
  // Memoised per profile object: remind over a fleet asks this for every drain of every pump.
  let byInfusate = factorCache.get(profile);
  if (byInfusate === undefined) {
    byInfusate = new Map();
    factorCache.set(profile, byInfusate);
  }
  let factor = byInfusate.get(infusate);
  if (factor === undefined) {
    const cal = calibrationConditions(profile);
    factor = fullFlowRateMlPerDay(profile, { ...cal, infusate }) / fullFlowRateMlPerDay(profile, cal);
    byInfusate.set(infusate, factor);
  }
  return factor;
}

const factorCache = new WeakMap<PumpProfile, Map<InfusateName, number>>();

/** One usable measured flow (a drain that did not reach the bellows taper). */
export interface FlowMeasurement {
  atMs: number;
  infusate: InfusateName;
  measuredFlowMlPerDay: number;
}

/** Weights of the most recent measurements, newest first: 3:2:1. */
export const PREDICTION_WEIGHTS = [3, 2, 1] as const;

export interface FlowPrediction {
  /** Predicted full (untapered) flow for the infusate asked about. */
  flowMlPerDay: number;
  /** The same prediction expressed for the calibration infusate (viscosity removed). */
  calibrationFlowMlPerDay: number;
  basis: 'measured' | 'nominal';
  /** How many measurements went into it (0 for nominal). */
  measurements: number;
}

/**
 * Predicted flow for the next fill. Once the pump has measured flows, they replace the factory
 * rate: each is normalised to the calibration infusate (÷ infusateFlowFactor) and the newest
 * three are averaged with weights 3:2:1, which follows a real change within a cycle or two while
 * damping one noisy drain. Without any, the nominal rate at calibration conditions is used.
 * Either way the result is scaled to `infusate` (glycerin runs at about 0.45×).
 * `history` may be in any order; only its newest PREDICTION_WEIGHTS.length entries are used.
 */
export function predictFlow(profile: PumpProfile, history: readonly FlowMeasurement[], infusate: InfusateName): FlowPrediction {
  const factor = infusateFlowFactor(profile, infusate);
  const newest = [...history].sort((a, b) => b.atMs - a.atMs).slice(0, PREDICTION_WEIGHTS.length);
  if (newest.length === 0) {
    const calibrationFlowMlPerDay = fullFlowRateMlPerDay(profile, calibrationConditions(profile));
    return { flowMlPerDay: calibrationFlowMlPerDay * factor, calibrationFlowMlPerDay, basis: 'nominal', measurements: 0 };
  }
  let weighted = 0;
  let weights = 0;
  newest.forEach((m, i) => {
    const weight = PREDICTION_WEIGHTS[i] ?? 0;
    weighted += weight * (m.measuredFlowMlPerDay / infusateFlowFactor(profile, m.infusate));
    weights += weight;
  });
  const calibrationFlowMlPerDay = weighted / weights;
  return { flowMlPerDay: calibrationFlowMlPerDay * factor, calibrationFlowMlPerDay, basis: 'measured', measurements: newest.length };
}
