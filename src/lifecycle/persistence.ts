/**
 * Saving and restoring the lifecycle actor. XState v5 does not restore pending `after` timers
 * from a persisted snapshot, so a restore sends REPLAN: every timed state re-enters and computes
 * its delay from the absolute deadlines in context, firing at the same instant as without the
 * restore.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { createActor, type Actor } from 'xstate';
import * as z from 'zod';
import type { Clock } from '../model/clock.ts';
import type { LifecycleMachine } from './machine.ts';
import type { LifecycleInput } from './types.ts';
import { describeError } from '../model/errors.ts';

export const SAVED_STATE_VERSION = 1;

const SavedStateSchema = z.object({
  version: z.literal(SAVED_STATE_VERSION),
  savedAtMs: z.number().int(),
  profile: z.string(),
  snapshot: z
    .object({
      status: z.literal('active'),
      value: z.union([z.string(), z.record(z.string(), z.unknown())]),
      context: z.object({ profile: z.object({ name: z.string() }).loose(), segment: z.object({ startAtMs: z.number() }).loose() }).loose(),
    })
    .loose(),
});
export type SavedState = z.output<typeof SavedStateSchema>;

export function persistedState(actor: Actor<LifecycleMachine>, nowMs: number): SavedState {
  const snapshot = actor.getPersistedSnapshot() as unknown as SavedState['snapshot'];
  return { version: SAVED_STATE_VERSION, savedAtMs: nowMs, profile: actor.getSnapshot().context.profile.name, snapshot };
}

/** Writes atomically: a crash leaves either the old file or the new one, never a torn one. */
export function saveState(file: string, state: SavedState): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(state)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export function loadState(file: string): SavedState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not a saved lifecycle state (${describeError(error)})`);
  }
  const result = SavedStateSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${file}: not a saved lifecycle state (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`);
  }
  return result.data;
}

/** Starts an actor from a saved state on `clock` and re-plans its deadlines. */
export function restoreActor(machine: LifecycleMachine, state: SavedState, clock: Clock, input: LifecycleInput): Actor<LifecycleMachine> {
  if (clock.now() < state.savedAtMs) {
    throw new Error(`cannot restore a state saved at ${state.savedAtMs} on a clock that reads ${clock.now()} (time would run backwards)`);
  }
  const actor = createActor(machine, { clock, input, snapshot: state.snapshot as never });
  return actor;
}

/** Call after `start()` (and after subscribing), so observers see the re-planned state. */
export function replan(actor: Actor<LifecycleMachine>): void {
  actor.send({ type: 'REPLAN' });
}
