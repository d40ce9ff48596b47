/**
 * A bench-pump emulator on one end of a socat pty pair, in this process, with the real
 * serialport bindings on both ends; the driver under test opens the other end. Records every
 * byte the emulator received, so a test can assert what never reached the pump.
 */
import { NE_FACTORY_BAUD } from '../../../protocols/newera/index.ts';
import { MemoryNvm } from '../../../firmware-sim/hal/nvm-memory.ts';
import type { Uart } from '../../../firmware-sim/hal/types.ts';
import { createNe1000Device, openSwitchableSerialUart, type Ne1000Device } from '../../../firmware-sim/personalities/ne1000/index.ts';
import { findPumpModel } from '../../../src/devices/syringes.ts';
import { RealClock } from '../../../src/model/clock.ts';
import { createPtyPair, type PtyPair } from '../../support/pty.ts';
import { createUartBus } from '../../../firmware-sim/hal/uart-bus.ts';

export interface BenchEmulator<D> {
  readonly hostPath: string;
  readonly device: D;
  /** Everything the emulator's UART received, latin-1. */
  received(): string;
  /** Resolves once `done(received())` holds, checked at once and on each chunk the UART receives. */
  untilReceived(done: (received: string) => boolean): Promise<void>;
  close(): Promise<void>;
}

/** What the emulator received, and who waits on it. */
class Received {
  private readonly chunks: Buffer[] = [];
  private readonly waiters = new Set<() => void>();

  push(bytes: Uint8Array): void {
    this.chunks.push(Buffer.from(bytes));
    for (const wake of [...this.waiters]) wake();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }

  until(done: (received: string) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        if (!done(this.text())) return;
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
      wake();
    });
  }
}

function tap(uart: Uart, sink: Received): Uart {
  return {
    write: (b) => uart.write(b),
    onBytes: (h) =>
      uart.onBytes((bytes) => {
        sink.push(bytes);
        h(bytes);
      }),
    close: () => uart.close(),
  };
}

async function start<D extends { start(): void; stop(): void }>(
  make: (uart: Uart & { setBaud?(b: number): void }, clock: RealClock) => D,
  baud: number,
): Promise<BenchEmulator<D>> {
  const pair: PtyPair = await createPtyPair();
  const raw = await openSwitchableSerialUart(pair.b, baud);
  const seen = new Received();
  const clock = new RealClock();
  const device = make(Object.assign(tap(raw, seen), { setBaud: (b: number) => raw.setBaud(b) }), clock);
  device.start();
  return {
    hostPath: pair.a,
    device,
    received: () => seen.text(),
    untilReceived: (done) => seen.until(done),
    async close() {
      device.stop();
      clock.clearAll();
      await raw.close();
      await pair.close();
    },
  };
}

export interface EmulatorOptions {
  address?: number;
  diameterMm?: number;
  lineBaud?: number;
}

export function startNe1000(options: EmulatorOptions = {}): Promise<BenchEmulator<Ne1000Device>> {
  return start(
    (uart, clock) =>
      createNe1000Device({ uart, clock, nvm: new MemoryNvm(), limits: findPumpModel('ne1000'), sleepWhenIdle: true, ...options }),
    NE_FACTORY_BAUD,
  );
}

/** Several NE-1000s on one pty, as on a daisy-chained pump network: each emulator sees every
 * byte the host sends, and all write to the same line. */
export async function startNe1000Network(addresses: readonly number[]): Promise<BenchEmulator<Ne1000Device[]>> {
  const pair: PtyPair = await createPtyPair();
  const raw = await openSwitchableSerialUart(pair.b, NE_FACTORY_BAUD);
  const seen = new Received();
  const clock = new RealClock();
  const bus = createUartBus(tap(raw, seen));
  const devices = addresses.map((address) =>
    createNe1000Device({ uart: bus.tap(), clock, nvm: new MemoryNvm(), limits: findPumpModel('ne1000'), address, sleepWhenIdle: true }),
  );
  for (const d of devices) d.start();
  return {
    hostPath: pair.a,
    device: devices,
    received: () => seen.text(),
    untilReceived: (done) => seen.until(done),
    async close() {
      for (const d of devices) d.stop();
      clock.clearAll();
      await raw.close();
      await pair.close();
    },
  };
}

/** `ne1000:/dev/x@19200` from HAIPUMP_DEVICE, for the hardware-in-the-loop runs. */
export function realDevice(kind: 'ne1000' | 'elite11'): { path: string; baudRate: number | undefined } | undefined {
  const spec = process.env.HAIPUMP_DEVICE;
  if (spec === undefined) return undefined;
  const m = /^(ne1000|elite11):([^@]+)(?:@(\d+))?$/.exec(spec);
  if (m === null || m[1] !== kind) return undefined;
  return { path: m[2] ?? '', baudRate: m[3] === undefined ? undefined : Number(m[3]) };
}
