import type { SensorReading, Sensors } from './types.ts';

export type SensorName = 'temp' | 'ambient' | 'arterial' | 'volume';

/** The physical world around the implanted pump: what the simulated sensors measure. */
export interface SimEnvironment {
  bodyTempC: number;
  ambientMmHg: number;
  arterialMmHg: number;
}

/**
 * Sensors that read the simulated environment exactly, with per-sensor failure injection.
 * The environment is the world's state, not the device's: SIM commands change it, the firmware
 * only ever sees it through `Sensors`.
 */
export class SimSensors implements Sensors {
  private readonly failures = new Map<SensorName, string>();

  constructor(public environment: SimEnvironment) {}

  fail(sensor: SensorName, reason = 'open circuit'): void {
    this.failures.set(sensor, reason);
  }

  repair(sensor?: SensorName): void {
    if (sensor === undefined) this.failures.clear();
    else this.failures.delete(sensor);
  }

  isFailed(sensor: SensorName): boolean {
    return this.failures.has(sensor);
  }

  reservoirTempC(): SensorReading {
    return this.read('temp', this.environment.bodyTempC);
  }

  ambientMmHg(): SensorReading {
    return this.read('ambient', this.environment.ambientMmHg);
  }

  arterialMmHg(): SensorReading {
    return this.read('arterial', this.environment.arterialMmHg);
  }

  volumeSensorOk(): boolean {
    return !this.failures.has('volume');
  }

  private read(sensor: SensorName, value: number): SensorReading {
    const reason = this.failures.get(sensor);
    return reason === undefined ? { ok: true, value } : { ok: false, reason };
  }
}

/** A board with no environment sensors (a syringe pump, a balance): the app still wants a Sensors. */
export const NO_SENSORS: Sensors = {
  reservoirTempC: () => ({ ok: false, reason: 'no sensor' }),
  ambientMmHg: () => ({ ok: false, reason: 'no sensor' }),
  arterialMmHg: () => ({ ok: false, reason: 'no sensor' }),
  volumeSensorOk: () => false,
};
