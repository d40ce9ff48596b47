/**
 * Where a CLI run writes, and what it came to. `runCli` (program.ts) sets both for the length of
 * one run, so tests call the whole program in-process with captured output, and commands report
 * "ran, result wrong" without choosing an exit number.
 */
import type { Outcome, RemindOutcome } from './exit-codes.ts';

export interface CliOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
}

interface RunState {
  io: CliIo;
  outcome: Outcome | RemindOutcome;
}

const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr };
let state: RunState = { io: processIo, outcome: 'ok' };

export const stdout = (): CliOutput => state.io.stdout;
export const stderr = (): CliOutput => state.io.stderr;

/** A command that ran to the end says how its result came out (default: ok). */
export function reportOutcome(outcome: Outcome | RemindOutcome): void {
  state.outcome = outcome;
}

/** Runs `work` with `io` as the output and a fresh outcome; restores the previous run's state. */
export async function withRun<T>(io: CliIo, work: () => Promise<T>): Promise<{ value: T; outcome: Outcome | RemindOutcome }> {
  const previous = state;
  state = { io, outcome: 'ok' };
  const current = state;
  try {
    const value = await work();
    return { value, outcome: current.outcome };
  } finally {
    state = previous;
  }
}
