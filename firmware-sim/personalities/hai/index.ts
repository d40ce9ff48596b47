import type { PumpProfile } from '../../../src/model/profile.ts';
import { firmwarePersonality, type Personality } from '../../app/personality.ts';
import { createFirmwareDevice, type FirmwareDevice, type LoopOptions } from '../../app/superloop.ts';
import { deviceClockFrom } from '../../hal/device-clock.ts';
import { HAI_FIRMWARE_VERSION, HaiFirmware, type HaiFirmwareOptions } from './firmware.ts';
import { HaiPlant } from './plant.ts';
import { HaiStateSchema, type HaiState } from './state.ts';

export { HaiPlant } from './plant.ts';
export { HaiStateSchema } from './state.ts';
export { NL_PER_ML } from './reservoir.ts';

/** The HAI pump personality for the generic superloop. */
export const haiPersonality: Personality<typeof HaiStateSchema, HaiFirmwareOptions> = firmwarePersonality(
  'hai',
  HAI_FIRMWARE_VERSION,
  HaiStateSchema,
  HaiFirmware,
);

export interface HaiFirmwareDeviceOptions extends LoopOptions {
  profile: PumpProfile;
  /** The body and mechanical faults around the pump; one is made from the profile if absent. */
  plant?: HaiPlant;
  serial?: string;
  telemetryS?: number;
}

/** The emulated implant (the host's driver of a real one is src/devices/hai's `HaiDevice`). */
export interface HaiFirmwareDevice extends FirmwareDevice<HaiState> {
  readonly plant: HaiPlant;
}

/** An emulated HAI pump on any Uart: a pty, a USB serial port, or an in-process pair. */
export function createHaiDevice(options: HaiFirmwareDeviceOptions): HaiFirmwareDevice {
  const plant = options.plant ?? new HaiPlant(options.profile);
  const device = createFirmwareDevice({
    ...options,
    clock: deviceClockFrom(options.clock),
    sensors: plant.sensors,
    personality: haiPersonality,
    personalityOptions: {
      profile: options.profile,
      plant,
      serial: options.serial ?? 'SN000001',
      telemetryS: options.telemetryS ?? 0,
    },
  });
  return Object.assign(device, { plant });
}
