import { mulberry32 } from '../../app/prng.ts';
import { NO_DELIVERY, type DeliverySource } from './delivery.ts';
import { DropTrain } from './drops.ts';

/** The physical set-up on the weighing pan. World state: a balance reset never changes it. */
export interface BeakerOptions {
  source: DeliverySource;
  /** Beaker + water (+ oil) already on the pan at world time 0 (g). */
  containerG: number;
  /** Density of the collected liquid (g/mL); water at 20 °C by default. */
  densityGPerMl: number;
  /** Evaporation from an open water surface (mg/min); ignored with an oil layer. */
  evaporationMgPerMin: number;
  /** An oil film on the water stops evaporation (bench practice: 0.5–1.5 mm of oil). */
  oilLayer: boolean;
  /** Drop mass range (mg); maxMg 0 = a continuous stream. */
  dropMinMg: number;
  dropMaxMg: number;
  /** Standard deviation of the balance's reading noise (mg). */
  noiseSdMg: number;
  /** Time after a drop lands until the reading has settled within the readability (ms). */
  settleMs: number;
  /** The weighing pan's own mass: lifting it off gives an underload (g). */
  panMassG: number;
  seed: number;
}

export const DEFAULT_BEAKER: Omit<BeakerOptions, 'source'> = {
  containerG: 100,
  densityGPerMl: 0.99821,
  evaporationMgPerMin: 0.5,
  oilLayer: true,
  dropMinMg: 20,
  dropMaxMg: 50,
  noiseSdMg: 0.05,
  settleMs: 2000,
  panMassG: 150,
  seed: 1,
};

export interface BeakerReading {
  /** Mass on the pan now as the load cell sees it, noise and transients included (g). */
  massG: number;
  /** The reading has settled since the last disturbance (drop, vibration). */
  settled: boolean;
}

/**
 * The beaker on the balance: mass = container + landed drops − evaporation + extra loads, plus a
 * settling transient after each drop and seeded reading noise. Drop landing times are found by
 * interpolating the delivered mass between two observations, so a coarse firmware tick (or a
 * compressed --speed) does not move the transient.
 */
export class Beaker {
  /** Loads put on the pan besides the beaker (test hook; a big one overloads the balance) (g). */
  extraG = 0;
  /** The pan is lifted off: the load cell reads below zero (underload). */
  panRemoved = false;
  /** Bench vibration or a draft (mg, standard deviation); above the readability the reading never settles. */
  vibrationSdMg = 0;
  readonly options: BeakerOptions;
  private readonly drops: DropTrain;
  private readonly random: () => number;
  private observedAtMs = 0;
  private observedDeliveredG = 0;
  private observedDrops = 0;
  private lastDropAtMs = -Infinity;
  private lastDropG = 0;

  constructor(options: Partial<BeakerOptions> = {}) {
    this.options = { ...DEFAULT_BEAKER, source: NO_DELIVERY, ...options };
    const seed = this.options.seed;
    this.random = mulberry32(seed ^ 0x5bd1e995);
    this.drops = new DropTrain(this.options.dropMinMg / 1000, this.options.dropMaxMg / 1000, mulberry32(seed));
  }

  /** Liquid that has left the pump by `atMs` (g), whether or not it has dropped yet. */
  deliveredG(atMs: number): number {
    return this.options.source.deliveredMlAt(atMs) * this.options.densityGPerMl;
  }

  /** Liquid lost to evaporation by `atMs` (g). */
  evaporatedG(atMs: number): number {
    if (this.options.oilLayer) return 0;
    return (Math.max(0, atMs) / 60_000) * (this.options.evaporationMgPerMin / 1000);
  }

  /** The mass on the pan with no noise and no transient: what a perfect balance would show once settled. */
  trueMassG(atMs: number): number {
    if (this.panRemoved) return -this.options.panMassG;
    const { landedG } = this.observe(atMs);
    return this.options.containerG + landedG - this.evaporatedG(atMs) + this.extraG;
  }

  /** One load-cell reading at world time `atMs`; `readabilityG` decides when a transient counts as settled. */
  read(atMs: number, readabilityG: number): BeakerReading {
    const massG = this.trueMassG(atMs);
    if (this.panRemoved) return { massG, settled: true };
    const sinceDropMs = atMs - this.lastDropAtMs;
    const settleMs = this.options.settleMs;
    // The reading creeps up to the drop's full mass: exponential, reaching the readability at settleMs.
    const tauMs = settleMs / Math.log(Math.max(2, (2 * this.lastDropG) / readabilityG));
    const transientG = sinceDropMs < 10 * settleMs && settleMs > 0 ? -this.lastDropG * Math.exp(-sinceDropMs / tauMs) : 0;
    const noiseG = (this.gauss() * this.options.noiseSdMg + this.gauss() * this.vibrationSdMg) / 1000;
    const settled = sinceDropMs >= settleMs && this.vibrationSdMg * 1e-3 <= readabilityG;
    return { massG: massG + transientG + noiseG, settled };
  }

  /** World time at which the current transient will have settled (for the firmware's wake-up). */
  settlesAtMs(): number {
    return this.lastDropAtMs + this.options.settleMs;
  }

  private observe(atMs: number): { landedG: number } {
    const deliveredG = this.deliveredG(atMs);
    const { drops, landedG, lastDropG } = this.drops.landed(deliveredG);
    if (drops > this.observedDrops && atMs >= this.observedAtMs) {
      // The newest drop fell when the delivered mass crossed its boundary: interpolate in time.
      const spanG = deliveredG - this.observedDeliveredG;
      const fraction = spanG > 0 ? (landedG - this.observedDeliveredG) / spanG : 1;
      this.lastDropAtMs = this.observedAtMs + Math.min(1, Math.max(0, fraction)) * (atMs - this.observedAtMs);
      this.lastDropG = lastDropG;
    }
    if (atMs >= this.observedAtMs) {
      this.observedAtMs = atMs;
      this.observedDeliveredG = deliveredG;
      this.observedDrops = drops;
    }
    return { landedG };
  }

  /** Standard normal deviate (Box–Muller), seeded. */
  private gauss(): number {
    const u = Math.max(this.random(), 1e-12);
    const v = this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
