import { DEFAULT_PUMP_PROFILE } from '../../../src/model/defaultProfile.ts';
import { VirtualClock } from '../../../src/model/clock.ts';
import type { PumpProfile } from '../../../src/model/profile.ts';
import { MemoryNvm } from '../../hal/nvm-memory.ts';
import type { Nvm, Uart } from '../../hal/types.ts';
import { createUartPair } from '../../hal/uart-pair.ts';
import { createHaiDevice, type HaiDevice, type HaiDeviceOptions } from './index.ts';

export interface InProcessHai {
  device: HaiDevice;
  clock: VirtualClock;
  nvm: Nvm;
  /** The host end of the in-process cable. */
  host: Uart;
  /** Every line the device sent so far (terminator removed, Latin-1). */
  readonly lines: string[];
  /** Sends raw bytes, runs one loop iteration, returns the lines that came back. */
  sendBytes(bytes: Uint8Array): string[];
  /** Sends `text` + LF and returns the lines that came back (unsolicited ones included). */
  send(text: string): string[];
  /** The one non-`!` line among what `send(text)` returned (undefined if none: mute, slow). */
  request(text: string): string | undefined;
  /** Advances virtual time, letting the loop tick; returns the lines sent meanwhile. */
  advance(ms: number): string[];
}

/**
 * A HAI device on an in-process cable in virtual time: for fast tests and for hosts that want a
 * device without a serial port. Bytes cross synchronously; a request is served at once by
 * running a loop iteration (as the RX interrupt would wake the loop).
 */
export function startInProcessHai(
  options: Partial<Omit<HaiDeviceOptions, 'uart' | 'clock'>> & { clock?: VirtualClock; profile?: PumpProfile } = {},
): InProcessHai {
  const clock = options.clock ?? new VirtualClock(0);
  const nvm = options.nvm ?? new MemoryNvm();
  const pair = createUartPair({ deliverSync: true });
  const lines: string[] = [];
  let partial = '';
  pair.host.onBytes((bytes) => {
    partial += Buffer.from(bytes).toString('latin1');
    let lf = partial.indexOf('\n');
    while (lf !== -1) {
      lines.push(partial.slice(0, lf));
      partial = partial.slice(lf + 1);
      lf = partial.indexOf('\n');
    }
  });
  const device = createHaiDevice({ ...options, profile: options.profile ?? DEFAULT_PUMP_PROFILE, uart: pair.device, clock, nvm });
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
  const send = (text: string): string[] => sendBytes(Buffer.from(`${text}\n`, 'latin1'));
  return {
    device,
    clock,
    nvm,
    host: pair.host,
    lines,
    sendBytes,
    send,
    request: (text) => send(text).find((line) => !line.startsWith('!')),
    advance: (ms) => collect(() => clock.advance(ms)),
  };
}
