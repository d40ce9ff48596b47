import { AccuracyError } from './errors.ts';
import type { FlowSample, MassSample } from './types.ts';

const SECONDS_PER_HOUR = 3600;

/**
 * Per-interval flow, Q_i = 60·(W_i − W_{i−1}) / (S·d) mL/h with S in minutes, written here as
 * 3600·ΔW / (Δt_s·d). S is each interval's actual duration T_i − T_{i−1}, not the nominal one:
 * a balance polled by a host drifts by tens of milliseconds per sample, and a constant S would
 * turn that jitter into flow error.
 */
export function flowSeries(samples: readonly MassSample[], densityGPerMl: number): FlowSample[] {
  checkDensity(densityGPerMl);
  checkSamples(samples);
  const flows: FlowSample[] = [];
  for (let i = 1; i < samples.length; i += 1) {
    const previous = samples[i - 1];
    const current = samples[i];
    if (previous === undefined || current === undefined) continue;
    const durationS = current.atS - previous.atS;
    flows.push({
      fromS: previous.atS,
      toS: current.atS,
      flowMlPerH: (SECONDS_PER_HOUR * (current.massG - previous.massG)) / (durationS * densityGPerMl),
    });
  }
  return flows;
}

export function checkDensity(densityGPerMl: number): void {
  // 0.5–2 g/mL covers water, saline, glycerin and oils; anything else is a unit mistake (kg/m³?).
  if (!Number.isFinite(densityGPerMl) || densityGPerMl < 0.5 || densityGPerMl > 2) {
    throw new AccuracyError('bad-density', `density ${densityGPerMl} g/mL is not plausible (expected 0.5–2 g/mL)`);
  }
}

/** At least two finite samples, time strictly increasing. */
export function checkSamples(samples: readonly MassSample[]): void {
  if (samples.length < 2) {
    throw new AccuracyError('too-few-samples', `need at least 2 samples to compute a flow, got ${samples.length}`);
  }
  samples.forEach((sample, i) => {
    if (!Number.isFinite(sample.atS) || !Number.isFinite(sample.massG)) {
      throw new AccuracyError('bad-sample', `sample ${i} is not finite (atS ${sample.atS}, massG ${sample.massG})`);
    }
    const previous = samples[i - 1];
    if (previous !== undefined && sample.atS <= previous.atS) {
      throw new AccuracyError('non-monotone-time', `time does not increase at sample ${i}: ${previous.atS} s then ${sample.atS} s`);
    }
  });
}
