// What the bench syringe pumps (NE-1000, Pump 11 Elite) share around their firmware: raw-byte
// replies through the link faults, a baud rate the firmware switches (and a cable that may run
// at another), no environment sensors, and the booted firmware handed out for fault injection.
import type * as z from 'zod';
import type { Personality } from '../app/personality.ts';
import { createFirmwareDevice, type FirmwareDevice, type LoopOptions } from '../app/superloop.ts';
import { deviceClockFrom } from '../hal/device-clock.ts';
import { NO_SENSORS } from '../hal/sensors-sim.ts';
import type { Uart } from '../hal/types.ts';
import { mismatchedLine } from './ne1000/baud-line.ts';

/** The device options every bench pump takes (each adds its limits and baud type). Pumps on one
 * network share their `world`: `SIM:TIME:ADV` to one moves them all. */
export interface BenchPumpDeviceOptions extends LoopOptions {
  uart: Uart & { setBaud?(baud: number): void };
  /** Keypad setup at power-up (overrides NVM when given). */
  address?: number;
  diameterMm?: number;
  /** Baud of the host's end of the cable, when it differs from the pump's (emulated mismatch). */
  lineBaud?: number;
}

interface BenchFirmware {
  readonly state: { readonly baud: number };
  injectStall(): void;
}

/** What the launcher hands the firmware; each personality adds its own options around these. */
export interface BenchPumpWiring<F> {
  tx(bytes: Uint8Array): void;
  setBaud(baud: number): void;
  onBoot(firmware: F): void;
}

export interface BenchPumpDevice<State, F> extends FirmwareDevice<State> {
  /** The running firmware (undefined before start / after a power cut). */
  firmware(): F | undefined;
  /** Motor stall: now if running, else as soon as it runs. */
  injectStall(): void;
}

export function createBenchPumpDevice<S extends z.ZodType, O, F extends BenchFirmware>(
  personality: Personality<S, O>,
  options: BenchPumpDeviceOptions & { baud?: number },
  defaultBaud: number,
  personalityOptions: (wiring: BenchPumpWiring<F>) => O,
): BenchPumpDevice<z.output<S>, F> {
  let firmware: F | undefined;
  let baud: number = options.baud ?? defaultBaud;
  const deviceBaud = (): number => firmware?.state.baud ?? baud;
  const uart = options.lineBaud === undefined ? options.uart : mismatchedLine(options.uart, deviceBaud, options.lineBaud);
  let handle: FirmwareDevice<z.output<S>> | undefined;
  // Replies bypass the app's line-oriented send, so the link faults are applied here.
  const tx = (bytes: Uint8Array): void => {
    const link = handle?.link;
    if (link?.isMuted(handle?.nowMs() ?? 0) === true) return;
    uart.write(link === undefined ? bytes : link.corrupt(bytes));
  };
  handle = createFirmwareDevice({
    ...options,
    uart,
    clock: deviceClockFrom(options.clock),
    sensors: NO_SENSORS,
    personality,
    personalityOptions: personalityOptions({
      tx,
      setBaud: (b) => {
        baud = b;
        options.uart.setBaud?.(b);
      },
      onBoot: (fw) => {
        firmware = fw;
      },
    }),
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
