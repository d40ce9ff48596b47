import { flowAtVolumeMlPerDay, fullFlowRateMlPerDay, type Conditions } from '../../../src/model/flow.ts';
import type { PumpProfile } from '../../../src/model/profile.ts';
import { msUntilVolume, remainingAfterMs } from '../../../src/model/reservoir.ts';
import type { HaiPlant } from './plant.ts';
import type { HaiState } from './state.ts';

export const NL_PER_ML = 1_000_000;

/**
 * A stretch of constant conditions, starting at `atMs` with `volumeNl` in the reservoir.
 * Volumes are always recomputed from the anchor in closed form and rounded once, so the integer
 * nanolitre counters carry no accumulated rounding however the interval is cut into ticks, and a
 * `SIM:TIME:ADV` of a year costs one evaluation.
 */
interface Anchor {
  atMs: number;
  volumeNl: number;
  deliveredNl: number;
  leakedNl: number;
  /** Full (untapered) flow through the restrictor, after occlusion. */
  deliveryRateMlPerDay: number;
  /**
   * Total outflow: delivery plus leak. The leak is driven by the same propellant pressure, so it
   * tapers with the bellows like the delivered flow: outflow = (delivery + leak)·taper(V), which
   * keeps the model's closed form exact and splits the loss in a fixed ratio.
   */
  totalRateMlPerDay: number;
}

export class Reservoir {
  private anchor: Anchor;

  constructor(
    private readonly profile: PumpProfile,
    private readonly plant: HaiPlant,
    private readonly state: HaiState,
  ) {
    this.anchor = this.makeAnchor(state.atMs);
  }

  /** Untapered delivery rate now, for the current infusate and the plant's true conditions. */
  private rates(): { delivery: number; total: number } {
    const infusate = this.state.infusate;
    if (infusate === null) return { delivery: 0, total: 0 };
    const env = this.plant.environment;
    const conditions: Conditions = { tempC: env.bodyTempC, ambientMmHg: env.ambientMmHg, arterialMmHg: env.arterialMmHg, infusate };
    const full = fullFlowRateMlPerDay(this.profile, conditions);
    const delivery = full * (1 - (this.plant.occlusionActive ? this.plant.occlusionFraction : 0));
    const leak = this.plant.leakActive ? this.plant.leakMlPerDay : 0;
    return { delivery, total: delivery + leak };
  }

  private makeAnchor(atMs: number): Anchor {
    const { delivery, total } = this.rates();
    return {
      atMs,
      volumeNl: this.state.volumeNl,
      deliveredNl: this.state.totals.deliveredNl,
      leakedNl: this.state.totals.leakedNl,
      deliveryRateMlPerDay: delivery,
      totalRateMlPerDay: total,
    };
  }

  /** Starts a new segment at the state's current time (after a fill, drain, or condition change). */
  reanchor(): void {
    this.anchor = this.makeAnchor(this.state.atMs);
  }

  /** True when the plant's conditions no longer match the running segment. */
  conditionsChanged(): boolean {
    const { delivery, total } = this.rates();
    return delivery !== this.anchor.deliveryRateMlPerDay || total !== this.anchor.totalRateMlPerDay;
  }

  /** Moves the state's counters to device time `atMs` (never backwards). */
  integrateTo(atMs: number): void {
    if (atMs <= this.state.atMs) return;
    const a = this.anchor;
    this.state.atMs = atMs;
    if (a.totalRateMlPerDay <= 0 || a.volumeNl === 0) return;
    const remainingMl = remainingAfterMs(this.profile, { startVolumeMl: a.volumeNl / NL_PER_ML, rateMlPerDay: a.totalRateMlPerDay }, atMs - a.atMs);
    const remainingNl = Math.min(a.volumeNl, Math.max(0, Math.round(remainingMl * NL_PER_ML)));
    const removedNl = a.volumeNl - remainingNl;
    const deliveredNl = Math.round((removedNl * a.deliveryRateMlPerDay) / a.totalRateMlPerDay);
    this.state.volumeNl = remainingNl;
    this.state.totals.deliveredNl = a.deliveredNl + deliveredNl;
    this.state.totals.leakedNl = a.leakedNl + (removedNl - deliveredNl);
  }

  /**
   * Device time at which the volume first rounds to below `thresholdNl`, or undefined if it never
   * does in this segment. Used to stop the integration exactly at alarm and state boundaries.
   */
  crossingAtMs(thresholdNl: number): number | undefined {
    const a = this.anchor;
    if (a.totalRateMlPerDay <= 0 || this.state.volumeNl < thresholdNl) return undefined;
    const ms = msUntilVolume(
      this.profile,
      { startVolumeMl: a.volumeNl / NL_PER_ML, rateMlPerDay: a.totalRateMlPerDay },
      (thresholdNl - 0.5) / NL_PER_ML,
    );
    return Number.isFinite(ms) ? a.atMs + Math.ceil(ms) : undefined;
  }

  /** Instantaneous delivered flow (mL/day): the restrictor flow at the current volume. */
  flowMlPerDay(): number {
    return flowAtVolumeMlPerDay(this.profile, this.anchor.deliveryRateMlPerDay, this.state.volumeNl / NL_PER_ML);
  }
}
