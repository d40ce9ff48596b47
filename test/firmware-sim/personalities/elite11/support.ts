// Shared by the Pump 11 Elite test files: lines sent as text, the reply bytes checked exactly.
import { expect } from 'vitest';

/** One pump in-process, or a chain of them on one line: sends a line, returns what came back. */
export interface Wire {
  sendRaw(text: string): string;
  advance(ms: number): unknown;
}

/** A step: a line and exactly the bytes it gets back; a line alone (what comes back is not looked at); or ms of device time. */
export type Step = readonly [string, string] | string | number;

/** Plays the steps in order. */
export function play(wire: Wire, steps: readonly Step[]): void {
  for (const step of steps) {
    if (typeof step === 'number') wire.advance(step);
    else if (typeof step === 'string') wire.sendRaw(step);
    else expect([step[0], wire.sendRaw(step[0])]).toEqual(step);
  }
}
