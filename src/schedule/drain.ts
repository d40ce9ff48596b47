import { flowDeviation, type FlowDeviationLevel, type PumpProfile } from '../model/index.ts';
import { MS_PER_DAY } from '../model/index.ts';

export interface DrainInput {
  fillAtMs: number;
  /** Reservoir content right after that fill (residual before + volume filled). */
  fillContentMl: number;
  fillPredictedFlowMlPerDay: number;
  atMs: number;
  returnedMl: number;
}

export interface DrainOutcome {
  elapsedDays: number;
  /** (content − residual left by this drain − returned) / days; never negative. */
  measuredFlowMlPerDay: number;
  predictedFlowMlPerDay: number;
  /** What the prediction says should have come back. */
  predictedReturnedMl: number;
  deviationFraction: number;
  level: FlowDeviationLevel;
  /**
   * True when so little came back that the pump had reached its bellows taper: the flow was
   * then falling, so the figure is only a lower bound and is kept out of predictions and trends.
   */
  reachedTaper: boolean;
}

export class DrainError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'DrainError';
  }
}

/**
 * The measured flow of a drain. The residual (profile.residualAfterDrainMl) stays in the pump on
 * both sides of a cycle, so what left is the content after the fill less the residual now left
 * behind less what came back (the same accounting as the lifecycle machine).
 */
export function measureDrain(profile: PumpProfile, input: DrainInput): DrainOutcome {
  const { fillAtMs, fillContentMl, fillPredictedFlowMlPerDay, atMs, returnedMl } = input;
  if (!(atMs > fillAtMs)) throw new DrainError('a drain must come after the fill it drains');
  if (!Number.isFinite(returnedMl) || returnedMl < 0) throw new DrainError(`returned volume must be >= 0 mL, got ${returnedMl}`);
  if (returnedMl > fillContentMl + 1e-9) {
    throw new DrainError(`returned ${returnedMl} mL is more than the ${round3(fillContentMl)} mL the reservoir held after the last fill`);
  }
  const elapsedDays = (atMs - fillAtMs) / MS_PER_DAY;
  const residualMl = Math.min(profile.residualAfterDrainMl, fillContentMl);
  const measuredFlowMlPerDay = Math.max(0, fillContentMl - residualMl - returnedMl) / elapsedDays;
  const { fraction, level } = flowDeviation(measuredFlowMlPerDay, fillPredictedFlowMlPerDay, profile.flowDeviation);
  const predictedReturnedMl = Math.max(0, fillContentMl - residualMl - fillPredictedFlowMlPerDay * elapsedDays);
  const reachedTaper = returnedMl + residualMl < profile.taper.fullFlowDownToMl;
  return {
    elapsedDays,
    measuredFlowMlPerDay,
    predictedFlowMlPerDay: fillPredictedFlowMlPerDay,
    predictedReturnedMl,
    deviationFraction: fraction,
    level,
    reachedTaper,
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
