// The NE-1000 personality for the generic superloop, and a factory that wires it to a UART.
import type { Clock } from '../../../src/model/clock.ts';
import type { NeBaudRate } from '../../../protocols/newera/index.ts';
import type { AppContext, BootInfo, Personality } from '../../app/personality.ts';
import { createDevice, type DeviceHandle } from '../../app/superloop.ts';
import type { Nvm, Sensors, Uart } from '../../hal/types.ts';
import { mismatchedLine } from './baud-line.ts';
import { Ne1000Firmware, type Ne1000FirmwareOptions } from './firmware.ts';
import { Ne1000StateSchema, type Ne1000State } from './state.ts';

export { Ne1000Firmware, type Ne1000FirmwareOptions } from './firmware.ts';
export { Ne1000StateSchema, blankNe1000State, type Ne1000State } from './state.ts';
export { NL_PER_ML, Plunger } from './plunger.ts';
export { resampleUart, mismatchedLine } from './baud-line.ts';
export { openSwitchableSerialUart, type SwitchableUart } from './serial-uart.ts';

/** Firmware version the emulator reports (`VER` → `NE1000V3.928`) [?: a plausible V3.9 number]. */
export const NE1000_VERSION = { model: 'NE1000', firmware: '3.928' } as const;

export const ne1000Personality: Personality<typeof Ne1000StateSchema, Ne1000FirmwareOptions> = {
  name: 'ne1000',
  firmwareVersion: NE1000_VERSION.firmware,
  stateSchema: Ne1000StateSchema,
  boot(ctx: AppContext, restored: Ne1000State | undefined, info: BootInfo, options: Ne1000FirmwareOptions) {
    return new Ne1000Firmware(ctx, restored, info, options);
  },
};

/** The syringe pump has no environment sensors; the app still wants a Sensors. */
export const NO_SENSORS: Sensors = {
  reservoirTempC: () => ({ ok: false, reason: 'no sensor' }),
  ambientMmHg: () => ({ ok: false, reason: 'no sensor' }),
  arterialMmHg: () => ({ ok: false, reason: 'no sensor' }),
  volumeSensorOk: () => false,
};

export interface Ne1000DeviceOptions {
  uart: Uart & { setBaud?(baud: number): void };
  clock: Clock;
  nvm: Nvm;
  limits: Ne1000FirmwareOptions['limits'];
  /** Keypad setup at power-up (overrides NVM when given). */
  address?: number;
  baud?: NeBaudRate;
  diameterMm?: number;
  /** Baud of the host's end of the cable, when it differs from the pump's (emulated mismatch). */
  lineBaud?: number;
  speed?: number;
  tickMs?: number;
  sleepWhenIdle?: boolean;
  seed?: number;
  simulation?: boolean;
}

export interface Ne1000Device extends DeviceHandle<Ne1000State> {
  /** The running firmware (undefined before start / after a power cut). */
  firmware(): Ne1000Firmware | undefined;
  /** Motor stall (alarm S): now if running, else after the next RUN. */
  injectStall(): void;
}

/** An emulated NE-1000 on any Uart: a pty, a USB adapter, or an in-process pair. */
export function createNe1000Device(options: Ne1000DeviceOptions): Ne1000Device {
  let firmware: Ne1000Firmware | undefined;
  let baud: number = options.baud ?? 19200;
  const deviceBaud = (): number => firmware?.state.baud ?? baud;
  const uart = options.lineBaud === undefined ? options.uart : mismatchedLine(options.uart, deviceBaud, options.lineBaud);
  let handle: DeviceHandle<Ne1000State> | undefined;
  const tx = (bytes: Uint8Array): void => {
    const link = handle?.link;
    const now = handle?.nowMs() ?? 0;
    if (link?.isMuted(now) === true) return;
    uart.write(link === undefined ? bytes : link.corrupt(bytes));
  };
  handle = createDevice({
    personality: ne1000Personality,
    personalityOptions: {
      tx,
      linkNowMs: () => options.clock.now(),
      setBaud: (b) => {
        baud = b;
        options.uart.setBaud?.(b);
      },
      limits: options.limits,
      version: { ...NE1000_VERSION },
      address: options.address,
      baud: options.baud,
      diameterMm: options.diameterMm,
      onBoot: (fw) => {
        firmware = fw;
      },
    },
    clock: options.clock,
    uart,
    nvm: options.nvm,
    sensors: NO_SENSORS,
    simulation: options.simulation ?? true,
    speed: options.speed ?? 1,
    tickMs: options.tickMs,
    sleepWhenIdle: options.sleepWhenIdle,
    seed: options.seed,
  });
  const device = handle;
  return Object.assign(device, {
    firmware: () => firmware,
    injectStall: () => {
      firmware?.injectStall();
      device.service();
    },
  });
}
