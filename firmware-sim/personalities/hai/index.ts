import type { Clock } from '../../../src/model/clock.ts';
import type { PumpProfile } from '../../../src/model/profile.ts';
import type { AppContext, BootInfo, Personality } from '../../app/personality.ts';
import { createDevice, type DeviceHandle } from '../../app/superloop.ts';
import type { Nvm, Uart } from '../../hal/types.ts';
import { HAI_FIRMWARE_VERSION, HaiFirmware, type HaiFirmwareOptions } from './firmware.ts';
import { HaiPlant } from './plant.ts';
import { HaiStateSchema, type HaiState } from './state.ts';

export { HaiPlant } from './plant.ts';
export { HaiStateSchema, type HaiState } from './state.ts';
export { HAI_FIRMWARE_VERSION, MAX_TEL_PER_ADVANCE } from './firmware.ts';
export { NL_PER_ML } from './reservoir.ts';

/** The HAI pump personality for the generic superloop. */
export const haiPersonality: Personality<typeof HaiStateSchema, HaiFirmwareOptions> = {
  name: 'hai',
  firmwareVersion: HAI_FIRMWARE_VERSION,
  stateSchema: HaiStateSchema,
  boot(ctx: AppContext, restored: HaiState | undefined, info: BootInfo, options: HaiFirmwareOptions) {
    return new HaiFirmware(ctx, restored, info, options);
  },
};

export interface HaiDeviceOptions {
  profile: PumpProfile;
  uart: Uart;
  clock: Clock;
  nvm: Nvm;
  /** The body and mechanical faults around the pump; one is made from the profile if absent. */
  plant?: HaiPlant;
  serial?: string;
  telemetryS?: number;
  /** World speed (SIM:SPEED) at start; 0 = only SIM:TIME:ADV moves time. */
  speed?: number;
  tickMs?: number;
  sleepWhenIdle?: boolean;
  watchdogMs?: number;
  persistPeriodMs?: number;
  logCapacity?: number;
  seed?: number;
  /** false: behave like real hardware (SIM: is -113). */
  simulation?: boolean;
}

export interface HaiDevice extends DeviceHandle<HaiState> {
  readonly plant: HaiPlant;
}

/** An emulated HAI pump on any Uart: a pty, a USB serial port, or an in-process pair. */
export function createHaiDevice(options: HaiDeviceOptions): HaiDevice {
  const plant = options.plant ?? new HaiPlant(options.profile);
  const handle = createDevice({
    personality: haiPersonality,
    personalityOptions: {
      profile: options.profile,
      plant,
      serial: options.serial ?? 'SN000001',
      telemetryS: options.telemetryS ?? 0,
    },
    clock: options.clock,
    uart: options.uart,
    nvm: options.nvm,
    sensors: plant.sensors,
    simulation: options.simulation ?? true,
    speed: options.speed ?? 1,
    tickMs: options.tickMs,
    sleepWhenIdle: options.sleepWhenIdle,
    watchdogMs: options.watchdogMs,
    persistPeriodMs: options.persistPeriodMs,
    logCapacity: options.logCapacity,
    seed: options.seed,
  });
  return Object.assign(handle, { plant });
}
