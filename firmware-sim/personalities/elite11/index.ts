// The Pump 11 Elite personality for the generic superloop, and a factory that wires it to a UART.
import type { Clock } from '../../../src/model/clock.ts';
import type { AppContext, BootInfo, Personality } from '../../app/personality.ts';
import { createDevice, type DeviceHandle } from '../../app/superloop.ts';
import type { Nvm, Uart } from '../../hal/types.ts';
import { NO_SENSORS } from '../ne1000/index.ts';
import { mismatchedLine } from '../ne1000/baud-line.ts';
import { Elite11Firmware, type Elite11FirmwareOptions } from './firmware.ts';
import { Elite11StateSchema, type Elite11State } from './state.ts';

export { Elite11Firmware, type Elite11FirmwareOptions } from './firmware.ts';
export { Elite11StateSchema, blankElite11State, type Elite11State } from './state.ts';

/** `ver` body [?: the form recalled from a Pump 11 Elite; not checked on a pump]. */
export const ELITE11_VERSION_LINE = '11 ELITE I/W Single 3.0.4';

export const elite11Personality: Personality<typeof Elite11StateSchema, Elite11FirmwareOptions> = {
  name: 'elite11',
  firmwareVersion: '3.0.4',
  stateSchema: Elite11StateSchema,
  boot(ctx: AppContext, restored: Elite11State | undefined, info: BootInfo, options: Elite11FirmwareOptions) {
    return new Elite11Firmware(ctx, restored, info, options);
  },
};

export interface Elite11DeviceOptions {
  uart: Uart & { setBaud?(baud: number): void };
  clock: Clock;
  nvm: Nvm;
  limits: Elite11FirmwareOptions['limits'];
  address?: number;
  baud?: Elite11State['baud'];
  diameterMm?: number;
  /** Baud of the host's end of the cable, when it differs from the pump's (emulated mismatch). */
  lineBaud?: number;
  speed?: number;
  tickMs?: number;
  sleepWhenIdle?: boolean;
  seed?: number;
  simulation?: boolean;
}

export interface Elite11Device extends DeviceHandle<Elite11State> {
  firmware(): Elite11Firmware | undefined;
  /** Motor stall (`*` prompt) as soon as it runs. */
  injectStall(): void;
}

export function createElite11Device(options: Elite11DeviceOptions): Elite11Device {
  let firmware: Elite11Firmware | undefined;
  let baud: number = options.baud ?? 115200;
  const deviceBaud = (): number => firmware?.state.baud ?? baud;
  const uart = options.lineBaud === undefined ? options.uart : mismatchedLine(options.uart, deviceBaud, options.lineBaud);
  let handle: DeviceHandle<Elite11State> | undefined;
  const tx = (bytes: Uint8Array): void => {
    const link = handle?.link;
    if (link?.isMuted(handle?.nowMs() ?? 0) === true) return;
    uart.write(link === undefined ? bytes : link.corrupt(bytes));
  };
  handle = createDevice({
    personality: elite11Personality,
    personalityOptions: {
      tx,
      setBaud: (b) => {
        baud = b;
        options.uart.setBaud?.(b);
      },
      limits: options.limits,
      versionLine: ELITE11_VERSION_LINE,
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
