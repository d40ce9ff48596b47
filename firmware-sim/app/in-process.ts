import { VirtualClock } from '../../src/model/clock.ts';
import { MemoryNvm } from '../hal/nvm-memory.ts';
import type { Nvm, Uart } from '../hal/types.ts';
import { createUartPair } from '../hal/uart-pair.ts';

/** What a personality's factory gets: the device end of the in-process cable, the clock, the NVM. */
export interface InProcessIo {
  uart: Uart;
  clock: VirtualClock;
  nvm: Nvm;
}

export interface InProcessOptions {
  clock?: VirtualClock;
  nvm?: Nvm;
}

/** Turns the bytes the device sends into what a host reads (lines, frames, replies). */
export type HostDecoder<T> = (bytes: Uint8Array) => Iterable<T>;

export interface InProcessDevice<D, T> {
  device: D;
  clock: VirtualClock;
  nvm: Nvm;
  /** The host end of the in-process cable. */
  host: Uart;
  /** Everything the device sent so far, decoded. */
  readonly received: T[];
  /** Sends raw bytes, runs one loop iteration, returns what came back. */
  sendBytes(bytes: Uint8Array): T[];
  /** Advances virtual time, letting the loop tick; returns what was sent meanwhile. */
  advance(ms: number): T[];
}

/**
 * A device on an in-process cable in virtual time: for fast tests and for hosts that want a
 * device without a serial port. Bytes cross synchronously; a request is served at once by
 * running a loop iteration (as the RX interrupt would wake the loop).
 */
export function startInProcess<D extends { start(): void; service(): void }, T>(
  create: (io: InProcessIo) => D,
  decode: HostDecoder<T>,
  options: InProcessOptions = {},
): InProcessDevice<D, T> {
  const clock = options.clock ?? new VirtualClock(0);
  const nvm = options.nvm ?? new MemoryNvm();
  const pair = createUartPair({ deliverSync: true });
  const received: T[] = [];
  pair.host.onBytes((bytes) => {
    for (const item of decode(bytes)) received.push(item);
  });
  const device = create({ uart: pair.device, clock, nvm });
  device.start();
  clock.runUntil(clock.now());
  const collect = (action: () => void): T[] => {
    const before = received.length;
    action();
    return received.slice(before);
  };
  return {
    device,
    clock,
    nvm,
    host: pair.host,
    received,
    sendBytes: (bytes) =>
      collect(() => {
        pair.host.write(bytes);
        device.service();
      }),
    advance: (ms) => collect(() => clock.advance(ms)),
  };
}

/** Splits Latin-1 text at LF; `dropCr` also removes a CR before it (CR LF terminators). */
export function lineDecoder(options: { dropCr?: boolean } = {}): HostDecoder<string> {
  let partial = '';
  return (bytes) => {
    partial += Buffer.from(bytes).toString('latin1');
    const lines: string[] = [];
    for (let lf = partial.indexOf('\n'); lf !== -1; lf = partial.indexOf('\n')) {
      const line = partial.slice(0, lf);
      lines.push(options.dropCr === true ? line.replace(/\r$/, '') : line);
      partial = partial.slice(lf + 1);
    }
    return lines;
  };
}
