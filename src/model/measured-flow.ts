import { MS_PER_DAY } from './units.ts';

export interface MeasuredFlowInput {
  filledMl: number;
  returnedMl: number;
  elapsedMs: number;
}

/** Flow from a refill: what went in last time, less what came back on draining, per day. */
export function measuredFlowMlPerDay({ filledMl, returnedMl, elapsedMs }: MeasuredFlowInput): number {
  if (!Number.isFinite(filledMl) || filledMl < 0) throw new RangeError(`filledMl must be a finite volume >= 0, got ${filledMl}`);
  if (!Number.isFinite(returnedMl) || returnedMl < 0) throw new RangeError(`returnedMl must be a finite volume >= 0, got ${returnedMl}`);
  if (!Number.isFinite(elapsedMs) || elapsedMs <= 0) throw new RangeError(`elapsedMs must be a finite duration > 0, got ${elapsedMs}`);
  if (returnedMl > filledMl) throw new RangeError(`returnedMl (${returnedMl}) exceeds filledMl (${filledMl})`);
  return (filledMl - returnedMl) / (elapsedMs / MS_PER_DAY);
}

export interface FlowDeviationThresholds {
  flagFraction: number;
  faultFraction: number;
}

export type FlowDeviationLevel = 'ok' | 'flag' | 'fault';

/** Defaults: 15 % flag [E], 20 % fault [A: SynchroMed refill practice]; profiles carry their own. */
export const DEFAULT_FLOW_DEVIATION: FlowDeviationThresholds = { flagFraction: 0.15, faultFraction: 0.2 };

/** Signed fraction (measured − predicted)/predicted; a threshold must be exceeded, not just met. */
export function flowDeviation(
  measuredMlPerDay: number,
  predictedMlPerDay: number,
  thresholds: FlowDeviationThresholds = DEFAULT_FLOW_DEVIATION,
): { fraction: number; level: FlowDeviationLevel } {
  if (!Number.isFinite(measuredMlPerDay)) throw new RangeError(`measuredMlPerDay must be finite, got ${measuredMlPerDay}`);
  if (!Number.isFinite(predictedMlPerDay) || predictedMlPerDay <= 0) {
    throw new RangeError(`predictedMlPerDay must be a finite rate > 0, got ${predictedMlPerDay}`);
  }
  const fraction = (measuredMlPerDay - predictedMlPerDay) / predictedMlPerDay;
  const size = Math.abs(fraction);
  const level: FlowDeviationLevel = size > thresholds.faultFraction ? 'fault' : size > thresholds.flagFraction ? 'flag' : 'ok';
  return { fraction, level };
}
