import { flowAtVolumeMlPerDay, fullFlowRateMlPerDay, type Conditions } from '../../../src/model/flow.ts';
import type { PumpProfile } from '../../../src/model/profile.ts';
import { msUntilVolume, remainingAfterMs } from '../../../src/model/reservoir.ts';
import { MS_PER_YEAR } from '../../../src/model/units.ts';
import type { Sensors } from '../../hal/types.ts';
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
  /** The firmware's own prediction: volume and full rate from what its sensors measure. */
  expectedNl: number;
  expectedRateMlPerDay: number;
}

/**
 * The reservoir's physics, twice over: the true outflow (the plant's real conditions and faults)
 * and the firmware's expectation of it (its sensors' readings, no faults). Both use the model's
 * formula (src/model), age drift included: a unit's rate drifts by `driftFractionPerYear` of its
 * age, the age being device time since manufacture (first boot at device time 0). Like the
 * lifecycle model, the rate is fixed for a segment at its start, so the two stay comparable.
 */
export class Reservoir {
  private anchor: Anchor;
  /** Last good sensor readings: a failed sensor leaves the firmware with what it last knew. */
  private sensed: Omit<Conditions, 'infusate'>;

  constructor(
    private readonly profile: PumpProfile,
    private readonly plant: HaiPlant,
    private readonly sensors: Sensors,
    private readonly state: HaiState,
  ) {
    const cal = profile.calibration;
    this.sensed = { tempC: cal.tempC, ambientMmHg: cal.ambientMmHg, arterialMmHg: cal.arterialMmHg };
    this.anchor = this.makeAnchor(state.atMs);
  }

  private ageYears(atMs: number): number {
    return Math.max(0, atMs / MS_PER_YEAR);
  }

  /** Untapered delivery rate at `atMs`, for the current infusate and the plant's true conditions. */
  private rates(atMs: number): { delivery: number; total: number; expected: number } {
    const infusate = this.state.infusate;
    if (infusate === null) return { delivery: 0, total: 0, expected: 0 };
    const env = this.plant.environment;
    const age = this.ageYears(atMs);
    const truth: Conditions = { tempC: env.bodyTempC, ambientMmHg: env.ambientMmHg, arterialMmHg: env.arterialMmHg, infusate };
    const full = fullFlowRateMlPerDay(this.profile, truth, age);
    const delivery = full * (1 - (this.plant.occlusionActive ? this.plant.occlusionFraction : 0));
    const leak = this.plant.leakActive ? this.plant.leakMlPerDay : 0;
    const expected = fullFlowRateMlPerDay(this.profile, { ...this.readSensors(), infusate }, age);
    return { delivery, total: delivery + leak, expected };
  }

  private readSensors(): Omit<Conditions, 'infusate'> {
    const temp = this.sensors.reservoirTempC();
    const ambient = this.sensors.ambientMmHg();
    const arterial = this.sensors.arterialMmHg();
    this.sensed = {
      tempC: temp.ok ? temp.value : this.sensed.tempC,
      ambientMmHg: ambient.ok ? ambient.value : this.sensed.ambientMmHg,
      arterialMmHg: arterial.ok ? arterial.value : this.sensed.arterialMmHg,
    };
    return this.sensed;
  }

  private makeAnchor(atMs: number): Anchor {
    const { delivery, total, expected } = this.rates(atMs);
    return {
      atMs,
      volumeNl: this.state.volumeNl,
      deliveredNl: this.state.totals.deliveredNl,
      leakedNl: this.state.totals.leakedNl,
      deliveryRateMlPerDay: delivery,
      totalRateMlPerDay: total,
      expectedNl: this.state.expectedNl,
      expectedRateMlPerDay: expected,
    };
  }

  /** Starts a new segment at the state's current time (after a fill, drain, or condition change). */
  reanchor(): void {
    this.anchor = this.makeAnchor(this.state.atMs);
  }

  /** True when the plant's conditions (or what the sensors say) no longer match the running segment. */
  conditionsChanged(): boolean {
    const { delivery, total, expected } = this.rates(this.anchor.atMs);
    const a = this.anchor;
    return delivery !== a.deliveryRateMlPerDay || total !== a.totalRateMlPerDay || expected !== a.expectedRateMlPerDay;
  }

  private remainingNl(startNl: number, rateMlPerDay: number, elapsedMs: number): number {
    if (rateMlPerDay <= 0 || startNl === 0) return startNl;
    const remainingMl = remainingAfterMs(this.profile, { startVolumeMl: startNl / NL_PER_ML, rateMlPerDay }, elapsedMs);
    return Math.min(startNl, Math.max(0, Math.round(remainingMl * NL_PER_ML)));
  }

  /** Moves the state's counters to device time `atMs` (never backwards). */
  integrateTo(atMs: number): void {
    if (atMs <= this.state.atMs) return;
    const a = this.anchor;
    this.state.atMs = atMs;
    const elapsedMs = atMs - a.atMs;
    this.state.expectedNl = this.remainingNl(a.expectedNl, a.expectedRateMlPerDay, elapsedMs);
    if (a.totalRateMlPerDay <= 0 || a.volumeNl === 0) return;
    const remainingNl = this.remainingNl(a.volumeNl, a.totalRateMlPerDay, elapsedMs);
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
