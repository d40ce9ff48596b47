// An NE-1000 on an in-process cable in virtual time: for timing-dependent tests (SAF timeout,
// the 0.5 s packet timeout, delivered totals over hours) that must never wait on a wall clock.
import type { VirtualClock } from '../../../src/model/clock.ts';
import { NeHostSideDeframer, encodeBasicCommand, encodeSafePacket } from '../../../protocols/newera/index.ts';
import type { NeBaudRate, NeHostSideEvent } from '../../../protocols/newera/index.ts';
import { startInProcess, type InProcessDevice } from '../../app/in-process.ts';
import { createNe1000Device, type Ne1000Device, type Ne1000DeviceOptions } from './index.ts';

export interface NeHostFrame {
  readonly framing: 'basic' | 'safe' | 'bad';
  readonly text: string;
}

export interface InProcessNe1000 extends InProcessDevice<Ne1000Device, NeHostFrame> {
  /** Every frame the pump sent so far. */
  readonly frames: NeHostFrame[];
  /** Every byte the pump sent so far, as sent (for byte-exact checks). */
  readonly bytes: number[];
  /** `text` + CR (basic framing). */
  sendBasic(text: string): NeHostFrame[];
  /** `text` as a safe packet. */
  sendSafe(text: string): NeHostFrame[];
}

function toFrame(event: NeHostSideEvent): NeHostFrame {
  if (event.type === 'basic-reply') return { framing: 'basic', text: event.text };
  if (event.type === 'safe') return { framing: 'safe', text: event.text };
  return { framing: 'bad', text: event.reason };
}

export function startInProcessNe1000(
  options: Partial<Omit<Ne1000DeviceOptions, 'uart' | 'clock'>> &
    Pick<Ne1000DeviceOptions, 'limits'> & { clock?: VirtualClock; baud?: NeBaudRate },
): InProcessNe1000 {
  const deframer = new NeHostSideDeframer();
  const raw: number[] = [];
  const decode = (bytes: Uint8Array): NeHostFrame[] => {
    raw.push(...bytes);
    return deframer.push(bytes).map(toFrame);
  };
  const rig = startInProcess((io) => createNe1000Device({ ...options, ...io }), decode, options);
  return {
    ...rig,
    frames: rig.received,
    bytes: raw,
    sendBasic: (text) => rig.sendBytes(encodeBasicCommand(text)),
    sendSafe: (text) => rig.sendBytes(encodeSafePacket(text)),
  };
}
