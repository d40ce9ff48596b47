import type { Clock } from '../../../src/model/clock.ts';
import type { AppContext, BootInfo, Personality } from '../../app/personality.ts';
import { createDevice, type DeviceHandle } from '../../app/superloop.ts';
import type { Nvm, Sensors, Uart } from '../../hal/types.ts';
import { Beaker } from './beaker.ts';
import { MTSICS_FIRMWARE_VERSION, MtSicsFirmware, type MtSicsFirmwareOptions } from './firmware.ts';
import { DEFAULT_IDENTITY, type BalanceIdentity } from './identity.ts';
import { MtSicsStateSchema, type MtSicsState } from './state.ts';

export { Beaker, DEFAULT_BEAKER, type BeakerOptions, type BeakerReading } from './beaker.ts';
export { constantFlow, NO_DELIVERY, type DeliverySource } from './delivery.ts';
export { DEFAULT_IDENTITY, type BalanceIdentity } from './identity.ts';
export { MtSicsStateSchema, type MtSicsState } from './state.ts';
export { MTSICS_FIRMWARE_VERSION } from './firmware.ts';

/** The Mettler Toledo MT-SICS balance personality for the generic superloop. */
export const mtsicsPersonality: Personality<typeof MtSicsStateSchema, MtSicsFirmwareOptions> = {
  name: 'mtsics',
  firmwareVersion: MTSICS_FIRMWARE_VERSION,
  stateSchema: MtSicsStateSchema,
  boot(ctx: AppContext, restored: MtSicsState | undefined, info: BootInfo, options: MtSicsFirmwareOptions) {
    return new MtSicsFirmware(ctx, restored, info, options);
  },
};

/** A balance has no environment sensors the firmware reads; this satisfies the HAL. */
const NO_SENSORS: Sensors = {
  reservoirTempC: () => ({ ok: false, reason: 'no such sensor' }),
  ambientMmHg: () => ({ ok: false, reason: 'no such sensor' }),
  arterialMmHg: () => ({ ok: false, reason: 'no such sensor' }),
  volumeSensorOk: () => false,
};

export interface MtSicsDeviceOptions {
  uart: Uart;
  clock: Clock;
  nvm: Nvm;
  /** The beaker on the pan (world state); an empty one with default physics if absent. */
  beaker?: Beaker;
  identity?: Partial<BalanceIdentity>;
  /** Readability as decimals of a gram: 4 = 0.1 mg. */
  decimals?: number;
  stabilityTimeoutMs?: number;
  sirPeriodMs?: number;
  speed?: number;
  tickMs?: number;
  /** Sleep until RX, SIR or a stability check instead of ticking (default true: replies within ~1 ms, which --speed needs). */
  sleepWhenIdle?: boolean;
  watchdogMs?: number;
  seed?: number;
  simulation?: boolean;
}

export interface MtSicsDevice extends DeviceHandle<MtSicsState> {
  readonly beaker: Beaker;
}

/** An emulated MT-SICS balance on any Uart: a pty, a USB serial port, or an in-process pair. */
export function createMtSicsDevice(options: MtSicsDeviceOptions): MtSicsDevice {
  const beaker = options.beaker ?? new Beaker();
  const handle = createDevice({
    personality: mtsicsPersonality,
    personalityOptions: {
      beaker,
      identity: { ...DEFAULT_IDENTITY, ...options.identity },
      decimals: options.decimals ?? 4,
      stabilityTimeoutMs: options.stabilityTimeoutMs ?? 10_000,
      sirPeriodMs: options.sirPeriodMs ?? 200,
    },
    clock: options.clock,
    uart: options.uart,
    nvm: options.nvm,
    sensors: NO_SENSORS,
    simulation: options.simulation ?? true,
    speed: options.speed ?? 1,
    tickMs: options.tickMs ?? 20,
    sleepWhenIdle: options.sleepWhenIdle ?? true,
    watchdogMs: options.watchdogMs,
    seed: options.seed,
  });
  return Object.assign(handle, { beaker });
}
