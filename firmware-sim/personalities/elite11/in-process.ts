// A Pump 11 Elite on an in-process cable in virtual time, for fast, clock-free tests.
import { VirtualClock } from '../../../src/model/clock.ts';
import { HarvardReplyAssembler } from '../../../protocols/harvard/index.ts';
import type { HarvardReply } from '../../../protocols/harvard/index.ts';
import { MemoryNvm } from '../../hal/nvm-memory.ts';
import type { Nvm, Uart } from '../../hal/types.ts';
import { createUartPair } from '../../hal/uart-pair.ts';
import { createElite11Device, type Elite11Device, type Elite11DeviceOptions } from './index.ts';

export interface InProcessElite11 {
  device: Elite11Device;
  clock: VirtualClock;
  nvm: Nvm;
  host: Uart;
  readonly replies: HarvardReply[];
  sendBytes(bytes: Uint8Array): HarvardReply[];
  /** Sends `line` + CR; returns the replies that came back. */
  send(line: string): HarvardReply[];
  advance(ms: number): HarvardReply[];
}

export function startInProcessElite11(
  options: Partial<Omit<Elite11DeviceOptions, 'uart' | 'clock'>> & Pick<Elite11DeviceOptions, 'limits'> & { clock?: VirtualClock },
): InProcessElite11 {
  const clock = options.clock ?? new VirtualClock(0);
  const nvm = options.nvm ?? new MemoryNvm();
  const pair = createUartPair({ deliverSync: true });
  const replies: HarvardReply[] = [];
  const assembler = new HarvardReplyAssembler();
  pair.host.onBytes((bytes) => replies.push(...assembler.push(bytes)));
  const device = createElite11Device({ ...options, uart: pair.device, clock, nvm });
  device.start();
  clock.runUntil(clock.now());
  const collect = (action: () => void): HarvardReply[] => {
    const before = replies.length;
    action();
    return replies.slice(before);
  };
  const sendBytes = (bytes: Uint8Array): HarvardReply[] =>
    collect(() => {
      pair.host.write(bytes);
      device.service();
    });
  return {
    device,
    clock,
    nvm,
    host: pair.host,
    replies,
    sendBytes,
    send: (line) => sendBytes(Buffer.from(`${line}\r`, 'latin1')),
    advance: (ms) => collect(() => clock.advance(ms)),
  };
}
