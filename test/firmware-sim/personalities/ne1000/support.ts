// Shared by the NE-1000 test files that talk to the pump in its basic framing, by reply text.
import { expect } from 'vitest';
import type { InProcessNe1000 } from '../../../../firmware-sim/personalities/ne1000/in-process.ts';

/** A step: a command and the text of its reply; a command alone (its reply not looked at); or ms of time to let pass. */
export type Step = readonly [string, string] | string | number;

/** Plays the steps in order on one pump. */
export function play(p: InProcessNe1000, steps: readonly Step[]): void {
  for (const step of steps) {
    if (typeof step === 'number') p.advance(step);
    else if (typeof step === 'string') p.sendBasic(step);
    else expect(p.sendBasic(step[0])[0]?.text, step[0]).toBe(step[1]);
  }
}
