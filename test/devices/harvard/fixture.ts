/**
 * A Pump 11 Elite emulator on one end of a socat pty pair, in this process, with the real
 * serialport bindings; the driver under test opens the other end. At speed 0 (--speed max)
 * device time moves only when the test says (`advanceMs`), so no test waits on the wall clock.
 * Records every byte the emulator received, so a test can assert what never reached the pump.
 */
import { HARVARD_FACTORY_BAUD, harvardBuiltInSyringes } from '../../../protocols/harvard/index.ts';
import { MemoryNvm } from '../../../firmware-sim/hal/nvm-memory.ts';
import { openSwitchableSerialUart } from '../../../firmware-sim/hal/uart-serialport.ts';
import { createElite11Device, type Elite11Device, type Elite11DeviceOptions } from '../../../firmware-sim/personalities/elite11/index.ts';
import { loadSyringes } from '../../../src/devices/hardware-tables.ts';
import { findPumpModel } from '../../../src/devices/syringes.ts';
import { RealClock } from '../../../src/model/clock.ts';
import { createPtyPair } from '../../support/pty.ts';

export interface EliteOnPty {
  readonly hostPath: string;
  readonly device: Elite11Device;
  /** Everything the emulator's UART received, latin-1. */
  received(): string;
  /** Moves the emulator's world time (and so its device time) forward. */
  advanceMs(ms: number): void;
  close(): Promise<void>;
}

export type EliteOnPtyOptions = Partial<
  Pick<Elite11DeviceOptions, 'address' | 'diameterMm' | 'lineBaud' | 'model' | 'chainHead' | 'speed'>
>;

export async function startEliteOnPty(options: EliteOnPtyOptions = {}): Promise<EliteOnPty> {
  const pair = await createPtyPair();
  const raw = await openSwitchableSerialUart(pair.b, HARVARD_FACTORY_BAUD);
  const seen: Buffer[] = [];
  const clock = new RealClock();
  const device = createElite11Device({
    uart: {
      write: (b) => raw.write(b),
      onBytes: (h) =>
        raw.onBytes((bytes) => {
          seen.push(Buffer.from(bytes));
          h(bytes);
        }),
      close: () => raw.close(),
      setBaud: (b: number) => raw.setBaud(b),
    },
    clock,
    nvm: new MemoryNvm(),
    limits: findPumpModel('elite11'),
    syringes: harvardBuiltInSyringes(loadSyringes()),
    sleepWhenIdle: true,
    speed: 0,
    ...options,
  });
  device.start();
  return {
    hostPath: pair.a,
    device,
    received: () => Buffer.concat(seen).toString('latin1'),
    advanceMs(ms) {
      device.world.advance(ms);
      device.service();
    },
    async close() {
      device.stop();
      clock.clearAll();
      await raw.close();
      await pair.close();
    },
  };
}

/** `elite11:/dev/x@115200` from HAIPUMP_DEVICE, for the hardware-in-the-loop runs. */
export function realElite(): { path: string; baudRate: number | undefined } | undefined {
  const m = /^elite11:([^@#]+)(?:@(\d+))?/.exec(process.env.HAIPUMP_DEVICE ?? '');
  return m === null ? undefined : { path: m[1] ?? '', baudRate: m[2] === undefined ? undefined : Number(m[2]) };
}
