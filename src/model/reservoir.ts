import type { PumpProfile } from './profile.ts';
import { MS_PER_DAY } from './units.ts';

/** A stretch of constant conditions: `rateMlPerDay` is the full (untapered) rate. */
export interface Segment {
  startVolumeMl: number;
  rateMlPerDay: number;
}

function checkSegment(seg: Segment): void {
  if (!Number.isFinite(seg.startVolumeMl)) throw new RangeError(`startVolumeMl must be finite, got ${seg.startVolumeMl}`);
  if (!Number.isFinite(seg.rateMlPerDay)) throw new RangeError(`rateMlPerDay must be finite, got ${seg.rateMlPerDay}`);
}

/** Time constant of the taper's exponential, in days: (V_taper − V_dead) / full rate. */
function taperTauDays(profile: PumpProfile, rateMlPerDay: number): number {
  return (profile.taper.fullFlowDownToMl - profile.taper.deadVolumeMl) / rateMlPerDay;
}

/**
 * Volume left after `elapsedMs`, in closed form: linear at the full rate down to the taper start,
 * then V = dead + (V₀ − dead)·exp(−t/τ) (the solution of dV/dt = −rate·(V − dead)/(V_taper − dead)).
 * `elapsedMs` may be Infinity (the volume then settles at the dead volume).
 */
export function remainingAfterMs(profile: PumpProfile, seg: Segment, elapsedMs: number): number {
  checkSegment(seg);
  if (Number.isNaN(elapsedMs) || elapsedMs < 0) throw new RangeError(`elapsedMs must be >= 0, got ${elapsedMs}`);
  const { fullFlowDownToMl: taperMl, deadVolumeMl: deadMl } = profile.taper;
  const startMl = seg.startVolumeMl;
  const rate = seg.rateMlPerDay;
  if (startMl <= deadMl || rate <= 0 || elapsedMs === 0) return startMl;
  let days = elapsedMs / MS_PER_DAY;
  let volumeMl = startMl;
  if (volumeMl > taperMl) {
    const linearDays = (volumeMl - taperMl) / rate;
    if (days <= linearDays) return Math.max(taperMl, volumeMl - rate * days);
    days -= linearDays;
    volumeMl = taperMl;
  }
  const result = deadMl + (volumeMl - deadMl) * Math.exp(-days / taperTauDays(profile, rate));
  // Rounding must not put the volume outside [dead, start]: callers rely on it as an invariant.
  return Math.min(startMl, Math.max(deadMl, result));
}

/**
 * Time until the volume falls to `targetMl`: the exact inverse of `remainingAfterMs`.
 * 0 if already there; Infinity if it never gets there (target at/below dead volume, or no flow).
 */
export function msUntilVolume(profile: PumpProfile, seg: Segment, targetMl: number): number {
  checkSegment(seg);
  if (Number.isNaN(targetMl)) throw new RangeError('targetMl must be a number, got NaN');
  const { fullFlowDownToMl: taperMl, deadVolumeMl: deadMl } = profile.taper;
  const rate = seg.rateMlPerDay;
  let volumeMl = seg.startVolumeMl;
  if (volumeMl <= targetMl) return 0;
  if (targetMl <= deadMl || rate <= 0) return Infinity;
  let days = 0;
  if (volumeMl > taperMl) {
    if (targetMl >= taperMl) return ((volumeMl - targetMl) / rate) * MS_PER_DAY;
    days = (volumeMl - taperMl) / rate;
    volumeMl = taperMl;
  }
  days += taperTauDays(profile, rate) * Math.log((volumeMl - deadMl) / (targetMl - deadMl));
  return days * MS_PER_DAY;
}

/** Where the tapering flow has fallen to `dryFlowFraction` of full: "near zero", i.e. run dry. */
export function dryVolumeMl(profile: PumpProfile): number {
  const { fullFlowDownToMl, deadVolumeMl, dryFlowFraction } = profile.taper;
  return deadVolumeMl + dryFlowFraction * (fullFlowDownToMl - deadVolumeMl);
}

/** Volume delivered to the patient over `elapsedMs`. */
export function deliveredMlAfterMs(profile: PumpProfile, seg: Segment, elapsedMs: number): number {
  return seg.startVolumeMl - remainingAfterMs(profile, seg, elapsedMs);
}

/** Time until a refill is due: `refillMarginDays` before the volume reaches `lowReservoirMl` (never negative). */
export function msUntilRefillDue(profile: PumpProfile, seg: Segment): number {
  return Math.max(0, msUntilVolume(profile, seg, profile.lowReservoirMl) - profile.refillMarginDays * MS_PER_DAY);
}
