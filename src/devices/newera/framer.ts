/**
 * The NE-1000 host-side deframer as a transport Framer: basic replies (STX … ETX) and safe
 * packets (checked by LEN and CRC) become frames; bad bytes are dropped here (the session
 * counts every received byte, so garbage still tells a wrong baud rate from silence).
 */
import { NeHostSideDeframer, parseNeReply } from '../../../protocols/newera/index.ts';
import type { NeReply } from '../../../protocols/newera/index.ts';
import type { Clock } from '../../model/clock.ts';
import type { FramerFactory, ValidationResult } from '../../transport/index.ts';

export interface NeFrame {
  readonly framing: 'basic' | 'safe';
  /** Reply data, e.g. `00S1.500MM`. */
  readonly text: string;
}

/** Without a clock a partial safe packet waits for its bytes however late (basic mode has no timeout). */
export function neFramer(clock?: Clock): FramerFactory<NeFrame> {
  return (onFrame) => {
    const deframer = new NeHostSideDeframer();
    return {
      push(chunk) {
        for (const event of deframer.push(chunk, clock?.now())) {
          if (event.type === 'basic-reply') onFrame({ framing: 'basic', text: event.text });
          else if (event.type === 'safe') onFrame({ framing: 'safe', text: event.text });
        }
      },
      reset() {
        deframer.reset();
      },
    };
  };
}

export function validateNeFrame(frame: NeFrame): ValidationResult<NeReply> {
  const reply = parseNeReply(frame.text);
  return reply === null ? { ok: false, reason: 'not an NE-1000 reply (<addr><status>…)' } : { ok: true, value: reply };
}
