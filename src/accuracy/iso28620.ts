import { AccuracyError } from './errors.ts';
import type { FlowSample } from './types.ts';

/**
 * ISO 28620 (non-electrically driven portable infusion devices: elastomeric, gas-driven) limits,
 * the fair yardstick for a gas-driven HAI pump:
 *  - mean flow within ±15 % of nominal;
 *  - at least 80 % of the delivered volume delivered at an instantaneous flow within ±50 % of nominal.
 * (The ±20 % limit for adjustable settings and the 115 % bolus limit need other test set-ups.)
 */
export const ISO28620_LIMITS = {
  meanTolerancePct: 15,
  instantTolerancePct: 50,
  minVolumeInBandPct: 80,
} as const;

export interface Iso28620Result {
  nominalMlPerH: number;
  meanFlowMlPerH: number;
  meanErrorPct: number;
  meanPass: boolean;
  /** gross delivered volume: the sum of intervals with positive flow (mL) */
  deliveredMl: number;
  /** of which delivered while the interval flow was within ±50 % of nominal (mL) */
  inBandMl: number;
  inBandPct: number;
  inBandPass: boolean;
  pass: boolean;
}

/**
 * Checks a flow series against the ISO 28620 limits. The mean flow is volume over time (Σ Q·Δt / Σ Δt),
 * so uneven intervals weigh by their length. The in-band share divides by the gross positive
 * volume: balance noise and evaporation make some intervals negative, and dividing by the net
 * volume would then let the share exceed 100 %.
 */
export function checkIso28620(flows: readonly FlowSample[], nominalMlPerH: number): Iso28620Result {
  if (!Number.isFinite(nominalMlPerH) || nominalMlPerH <= 0) {
    throw new AccuracyError('bad-rate', `nominal rate ${nominalMlPerH} mL/h must be positive`);
  }
  if (flows.length === 0) throw new AccuracyError('too-few-samples', 'no flow intervals to check');
  let durationH = 0;
  let netMl = 0;
  let deliveredMl = 0;
  let inBandMl = 0;
  const bandMlPerH = (ISO28620_LIMITS.instantTolerancePct / 100) * nominalMlPerH;
  for (const f of flows) {
    const hours = (f.toS - f.fromS) / 3600;
    const volumeMl = f.flowMlPerH * hours;
    durationH += hours;
    netMl += volumeMl;
    if (volumeMl > 0) deliveredMl += volumeMl;
    if (Math.abs(f.flowMlPerH - nominalMlPerH) <= bandMlPerH) inBandMl += volumeMl;
  }
  const meanFlowMlPerH = netMl / durationH;
  const meanErrorPct = (100 * (meanFlowMlPerH - nominalMlPerH)) / nominalMlPerH;
  const inBandPct = deliveredMl > 0 ? (100 * inBandMl) / deliveredMl : 0;
  const meanPass = Math.abs(meanErrorPct) <= ISO28620_LIMITS.meanTolerancePct;
  const inBandPass = inBandPct >= ISO28620_LIMITS.minVolumeInBandPct;
  return {
    nominalMlPerH,
    meanFlowMlPerH,
    meanErrorPct,
    meanPass,
    deliveredMl,
    inBandMl,
    inBandPct,
    inBandPass,
    pass: meanPass && inBandPass,
  };
}
