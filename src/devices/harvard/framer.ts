/**
 * The Harvard "Ultra" host-side reply framer as a transport Framer: one whole reply (body lines
 * and prompt) is one frame. A reply whose bytes end in `06:` may be pump 6's idle prompt or the
 * start of its next body line; after PROMPT_QUIET_MS with no byte it is taken as the prompt.
 */
import { HarvardReplyAssembler } from '../../../protocols/harvard/index.ts';
import type { HarvardReply } from '../../../protocols/harvard/index.ts';
import type { Clock, TimerId } from '../../model/clock.ts';
import type { FramerFactory } from '../../transport/index.ts';

/** Several characters at the slowest baud, and far above the gap between the USB packets of one reply. */
const PROMPT_QUIET_MS = 30;

export function harvardFramer(clock: Clock): FramerFactory<HarvardReply> {
  return (onFrame) => {
    const assembler = new HarvardReplyAssembler();
    let quiet: TimerId | undefined;
    const cancel = (): void => {
      if (quiet !== undefined) clock.clearTimeout(quiet);
      quiet = undefined;
    };
    return {
      push(chunk) {
        cancel();
        for (const reply of assembler.push(chunk)) onFrame(reply);
        if (assembler.promptPending) {
          quiet = clock.setTimeout(() => {
            quiet = undefined;
            for (const reply of assembler.flush()) onFrame(reply);
          }, PROMPT_QUIET_MS);
        }
      },
      reset() {
        cancel();
        assembler.reset();
      },
    };
  };
}
