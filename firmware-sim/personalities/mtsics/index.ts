import { firmwarePersonality, type Personality } from '../../app/personality.ts';
import { createFirmwareDevice, type FirmwareDevice, type LoopOptions } from '../../app/superloop.ts';
import { deviceClockFrom } from '../../hal/device-clock.ts';
import { NO_SENSORS } from '../../hal/sensors-sim.ts';
import { Beaker } from './beaker.ts';
import { MTSICS_FIRMWARE_VERSION, MtSicsFirmware, type MtSicsFirmwareOptions } from './firmware.ts';
import { DEFAULT_IDENTITY, type BalanceIdentity } from './identity.ts';
import { MtSicsStateSchema, type MtSicsState } from './state.ts';

export { Beaker } from './beaker.ts';
export { constantFlow } from './delivery.ts';
export type { BalanceIdentity } from './identity.ts';
export { MtSicsStateSchema } from './state.ts';

/** The Mettler Toledo MT-SICS balance personality for the generic superloop. */
export const mtsicsPersonality: Personality<typeof MtSicsStateSchema, MtSicsFirmwareOptions> = firmwarePersonality(
  'mtsics',
  MTSICS_FIRMWARE_VERSION,
  MtSicsStateSchema,
  MtSicsFirmware,
);

export interface MtSicsDeviceOptions extends LoopOptions {
  /** The beaker on the pan (world state); an empty one with default physics if absent. */
  beaker?: Beaker;
  identity?: Partial<BalanceIdentity>;
  /** Readability as decimals of a gram: 4 = 0.1 mg. */
  decimals?: number;
  stabilityTimeoutMs?: number;
  sirPeriodMs?: number;
  /** Default true here: sleep until RX, SIR or a stability check, so replies come within ~1 ms, which --speed needs. */
  sleepWhenIdle?: boolean;
}

export interface MtSicsDevice extends FirmwareDevice<MtSicsState> {
  readonly beaker: Beaker;
}

/** An emulated MT-SICS balance on any Uart: a pty, a USB serial port, or an in-process pair. */
export function createMtSicsDevice(options: MtSicsDeviceOptions): MtSicsDevice {
  const beaker = options.beaker ?? new Beaker();
  const device = createFirmwareDevice({
    ...options,
    clock: deviceClockFrom(options.clock),
    sensors: NO_SENSORS,
    tickMs: options.tickMs ?? 20,
    sleepWhenIdle: options.sleepWhenIdle ?? true,
    personality: mtsicsPersonality,
    personalityOptions: {
      beaker,
      identity: { ...DEFAULT_IDENTITY, ...options.identity },
      decimals: options.decimals ?? 4,
      stabilityTimeoutMs: options.stabilityTimeoutMs ?? 10_000,
      sirPeriodMs: options.sirPeriodMs ?? 200,
    },
  });
  return Object.assign(device, { beaker });
}
