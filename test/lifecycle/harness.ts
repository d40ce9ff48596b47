/** A lifecycle actor on a virtual clock, for tests: send events at given days, read back. */
import { createActor, type Actor } from 'xstate';
import { VirtualClock } from '../../src/model/clock.ts';
import { MS_PER_DAY, type PumpProfile } from '../../src/model/index.ts';
import { loadProfile } from '../../src/profiles/load.ts';
import { conservationErrorMl, createLifecycleMachine, leafPaths, remainingAt } from '../../src/lifecycle/index.ts';
import type { ExternalEvent, LifecycleContext, LifecycleMachine } from '../../src/lifecycle/index.ts';

export const START_MS = Date.UTC(2026, 0, 1);

export interface Rig {
  clock: VirtualClock;
  actor: Actor<LifecycleMachine>;
  profile: PumpProfile;
  at(day: number, event?: ExternalEvent): void;
  ctx(): LifecycleContext;
  states(): string[];
  remaining(): number;
  alarmCodes(): string[];
  /** Times (days from start) at which each leaf state was first entered. */
  entered: Map<string, number>;
}

export function rig(profile: PumpProfile = loadProfile('codman-3000-30ml'), weightKg: number | null = 70): Rig {
  const clock = new VirtualClock(START_MS);
  const machine = createLifecycleMachine({ clock });
  const actor = createActor(machine, { clock, input: { profile, startAtMs: START_MS, weightKg } });
  const entered = new Map<string, number>();
  actor.subscribe((s) => {
    for (const leaf of leafPaths(s.value)) if (!entered.has(leaf)) entered.set(leaf, (clock.now() - START_MS) / MS_PER_DAY);
  });
  actor.start();
  const ctx = (): LifecycleContext => actor.getSnapshot().context;
  return {
    clock,
    actor,
    profile,
    entered,
    at(day, event) {
      clock.runUntil(START_MS + Math.round(day * MS_PER_DAY));
      if (event !== undefined) actor.send(event);
    },
    ctx,
    states: () => leafPaths(actor.getSnapshot().value),
    remaining: () => remainingAt(ctx(), clock.now()),
    alarmCodes: () => ctx().alarms.map((a) => a.code),
  };
}

export function conservation(r: Rig): number {
  return conservationErrorMl(r.ctx(), r.clock.now());
}
