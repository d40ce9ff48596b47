import { VirtualClock } from '../../../src/model/clock.ts';
import { MemoryNvm } from '../../hal/nvm-memory.ts';
import type { Uart } from '../../hal/types.ts';
import { createUartPair } from '../../hal/uart-pair.ts';
import { createMtSicsDevice, type MtSicsDevice, type MtSicsDeviceOptions } from './index.ts';

export interface InProcessMtSics {
  device: MtSicsDevice;
  clock: VirtualClock;
  host: Uart;
  /** Every line the balance sent so far (CR LF removed, Latin-1). */
  readonly lines: string[];
  sendBytes(bytes: Uint8Array): string[];
  /** Sends `text` + CR LF, runs one loop iteration, returns the lines that came back. */
  send(text: string): string[];
  /** Advances virtual time, letting the loop tick; returns the lines sent meanwhile. */
  advance(ms: number): string[];
}

/** A balance on an in-process cable in virtual time, for fast deterministic tests. */
export function startInProcessMtSics(options: Partial<Omit<MtSicsDeviceOptions, 'uart' | 'clock'>> & { clock?: VirtualClock } = {}): InProcessMtSics {
  const clock = options.clock ?? new VirtualClock(0);
  const pair = createUartPair({ deliverSync: true });
  const lines: string[] = [];
  let partial = '';
  pair.host.onBytes((bytes) => {
    partial += Buffer.from(bytes).toString('latin1');
    for (let lf = partial.indexOf('\n'); lf !== -1; lf = partial.indexOf('\n')) {
      lines.push(partial.slice(0, lf).replace(/\r$/, ''));
      partial = partial.slice(lf + 1);
    }
  });
  const device = createMtSicsDevice({ nvm: new MemoryNvm(), ...options, uart: pair.device, clock });
  device.start();
  clock.runUntil(clock.now());
  const collect = (action: () => void): string[] => {
    const before = lines.length;
    action();
    return lines.slice(before);
  };
  const sendBytes = (bytes: Uint8Array): string[] =>
    collect(() => {
      pair.host.write(bytes);
      device.service();
    });
  return {
    device,
    clock,
    host: pair.host,
    lines,
    sendBytes,
    send: (text) => sendBytes(Buffer.from(`${text}\r\n`, 'latin1')),
    advance: (ms) => collect(() => clock.advance(ms)),
  };
}
