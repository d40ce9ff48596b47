// A Pump 11 Elite on an in-process cable in virtual time, for fast, clock-free tests.
import type { VirtualClock } from '../../../src/model/clock.ts';
import { HarvardReplyAssembler } from '../../../protocols/harvard/index.ts';
import type { HarvardReply } from '../../../protocols/harvard/index.ts';
import { startInProcess, type InProcessDevice } from '../../app/in-process.ts';
import { createElite11Device, type Elite11Device, type Elite11DeviceOptions } from './index.ts';

export interface InProcessElite11 extends InProcessDevice<Elite11Device, HarvardReply> {
  readonly replies: HarvardReply[];
  /** Sends `line` + CR; returns the replies that came back. */
  send(line: string): HarvardReply[];
  /** Sends raw text; returns the bytes that came back, as latin-1 text. */
  sendRaw(text: string): string;
}

export function startInProcessElite11(
  options: Partial<Omit<Elite11DeviceOptions, 'uart' | 'clock'>> &
    Pick<Elite11DeviceOptions, 'limits' | 'syringes'> & { clock?: VirtualClock },
): InProcessElite11 {
  const assembler = new HarvardReplyAssembler();
  let raw = '';
  const rig = startInProcess(
    (io) => createElite11Device({ ...options, ...io }),
    (bytes) => {
      raw += Buffer.from(bytes).toString('latin1');
      // In-process, a reply arrives whole: nothing more is coming after a `##:` tail.
      return [...assembler.push(bytes), ...assembler.flush()];
    },
    options,
  );
  return {
    ...rig,
    replies: rig.received,
    send: (line) => rig.sendBytes(Buffer.from(`${line}\r`, 'latin1')),
    sendRaw(text) {
      const from = raw.length;
      rig.sendBytes(Buffer.from(text, 'latin1'));
      return raw.slice(from);
    },
  };
}
