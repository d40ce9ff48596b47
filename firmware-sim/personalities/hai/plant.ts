import type { PumpProfile } from '../../../src/model/profile.ts';
import { SimSensors, type SimEnvironment } from '../../hal/sensors-sim.ts';

/**
 * The physical side of the emulated implant: the patient's body and surroundings, and
 * mechanical faults (a blocked catheter, a leak). World state, so a firmware reset never changes
 * it. The firmware reads the environment through `sensors`; the flow physics it emulates uses
 * the true values (a pump keeps pumping whether or not its thermometer works).
 */
export class HaiPlant {
  readonly environment: SimEnvironment & { altitudeM: number };
  readonly sensors: SimSensors;
  /** Fraction of the catheter blocked, 0..1. */
  occlusionFraction = 0;
  occlusionActive = false;
  /** Extra loss from the reservoir at full flow, mL/day, not delivered. */
  leakMlPerDay = 0;
  leakActive = false;

  constructor(profile: PumpProfile) {
    this.environment = {
      bodyTempC: profile.calibration.tempC,
      ambientMmHg: profile.calibration.ambientMmHg,
      arterialMmHg: profile.calibration.arterialMmHg,
      altitudeM: 0,
    };
    this.sensors = new SimSensors(this.environment);
  }
}
