// An NE-1000 on an in-process cable in virtual time: for timing-dependent tests (SAF timeout,
// the 0.5 s packet timeout, delivered totals over hours) that must never wait on a wall clock.
import { VirtualClock } from '../../../src/model/clock.ts';
import { NeHostSideDeframer, encodeBasicCommand, encodeSafePacket } from '../../../protocols/newera/index.ts';
import type { NeBaudRate, NeHostSideEvent } from '../../../protocols/newera/index.ts';
import { MemoryNvm } from '../../hal/nvm-memory.ts';
import type { Nvm, Uart } from '../../hal/types.ts';
import { createUartPair } from '../../hal/uart-pair.ts';
import { createNe1000Device, type Ne1000Device, type Ne1000DeviceOptions } from './index.ts';

export interface NeHostFrame {
  readonly framing: 'basic' | 'safe' | 'bad';
  readonly text: string;
}

export interface InProcessNe1000 {
  device: Ne1000Device;
  clock: VirtualClock;
  nvm: Nvm;
  host: Uart;
  /** Every frame the pump sent so far. */
  readonly frames: NeHostFrame[];
  /** Raw bytes, one loop pass; returns the frames that came back. */
  sendBytes(bytes: Uint8Array): NeHostFrame[];
  /** `text` + CR (basic framing). */
  sendBasic(text: string): NeHostFrame[];
  /** `text` as a safe packet. */
  sendSafe(text: string): NeHostFrame[];
  /** Advances virtual time (the loop ticks on the way); returns the frames sent meanwhile. */
  advance(ms: number): NeHostFrame[];
}

function toFrame(event: NeHostSideEvent): NeHostFrame {
  if (event.type === 'basic-reply') return { framing: 'basic', text: event.text };
  if (event.type === 'safe') return { framing: 'safe', text: event.text };
  return { framing: 'bad', text: event.reason };
}

export function startInProcessNe1000(
  options: Partial<Omit<Ne1000DeviceOptions, 'uart' | 'clock'>> & Pick<Ne1000DeviceOptions, 'limits'> & { clock?: VirtualClock; baud?: NeBaudRate },
): InProcessNe1000 {
  const clock = options.clock ?? new VirtualClock(0);
  const nvm = options.nvm ?? new MemoryNvm();
  const pair = createUartPair({ deliverSync: true });
  const frames: NeHostFrame[] = [];
  const deframer = new NeHostSideDeframer();
  pair.host.onBytes((bytes) => {
    for (const event of deframer.push(bytes)) frames.push(toFrame(event));
  });
  const device = createNe1000Device({ ...options, uart: pair.device, clock, nvm });
  device.start();
  clock.runUntil(clock.now());
  const collect = (action: () => void): NeHostFrame[] => {
    const before = frames.length;
    action();
    return frames.slice(before);
  };
  const sendBytes = (bytes: Uint8Array): NeHostFrame[] =>
    collect(() => {
      pair.host.write(bytes);
      device.service();
    });
  return {
    device,
    clock,
    nvm,
    host: pair.host,
    frames,
    sendBytes,
    sendBasic: (text) => sendBytes(encodeBasicCommand(text)),
    sendSafe: (text) => sendBytes(encodeSafePacket(text)),
    advance: (ms) => collect(() => clock.advance(ms)),
  };
}
