/**
 * Model-based test with xstate/graph. Time matters to this machine (deadlines come from the flow
 * model), so the graph is traversed over a time-aware logic: each transition restores a real actor
 * on a virtual clock from the previous persisted snapshot, re-plans, and then either sends the event
 * or advances the clock to the next deadline (ADVANCE). Invariants are checked on every edge; every
 * shortest path is then replayed on one uninterrupted actor and must end in the same snapshot,
 * which also shows that save/restore is invisible.
 */
import { createActor, type AnyActorLogic, type EventObject } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/model/clock.ts';
import { loadProfile } from '../../src/profiles/load.ts';
import {
  activeAlarms,
  allLeafStates,
  conservationErrorMl,
  createLifecycleMachine,
  leafPaths,
  remainingAt,
} from '../../src/lifecycle/index.ts';
import type { ExternalEvent, LifecycleContext } from '../../src/lifecycle/index.ts';
import { START_MS } from './harness.ts';

type ModelEvent = ExternalEvent | { type: 'ADVANCE' };

interface ModelSnapshot {
  status: 'active';
  output: undefined;
  error: undefined;
  context: { nowMs: number; persisted: unknown; value: unknown; ctx: LifecycleContext };
}

const profile = loadProfile('codman-3000-30ml');
const input = { profile, startAtMs: START_MS, weightKg: 70 };
const machineFor = (clock: VirtualClock) => createLifecycleMachine({ clock });

const EVENTS: ModelEvent[] = [
  { type: 'FILL', infusate: 'fudr', volumeMl: 29, drugDays: 14, doseMgPerKgDay: 0.12 },
  { type: 'FILL', infusate: 'heparinized-saline', volumeMl: 29 },
  { type: 'FILL', infusate: 'glycerin', volumeMl: 29 },
  { type: 'FILL', infusate: 'saline', volumeMl: 31 },
  { type: 'DRAIN' },
  { type: 'DRAIN', returnedMl: 0 },
  { type: 'BOLUS', volumeMl: 5 },
  { type: 'BOLUS', volumeMl: 20 },
  { type: 'ENV', tempC: 39.5 },
  { type: 'FAULT', cause: 'occlusion' },
  { type: 'ACK', code: 'ALL' },
  { type: 'ADVANCE' },
];

function checkInvariants(ctx: LifecycleContext, nowMs: number): void {
  const remaining = remainingAt(ctx, nowMs);
  if (Math.abs(conservationErrorMl(ctx, nowMs)) > 1e-9) throw new Error(`volume not conserved: ${conservationErrorMl(ctx, nowMs)}`);
  if (remaining < 0 || remaining > ctx.profile.reservoirMl + 1e-9) throw new Error(`remaining out of range: ${remaining}`);
  if (ctx.log.filter((e) => e.type === 'alarm').length !== ctx.alarms.length) throw new Error('an alarm is missing from the log');
}

function snapshotOf(actor: ReturnType<typeof createActor>, clock: VirtualClock): ModelSnapshot {
  const snap = actor.getSnapshot() as { value: unknown; context: LifecycleContext };
  return {
    status: 'active',
    output: undefined,
    error: undefined,
    context: { nowMs: clock.now(), persisted: actor.getPersistedSnapshot(), value: snap.value, ctx: snap.context },
  };
}

function apply(actorClock: VirtualClock, actor: { send(e: EventObject): void }, event: ModelEvent): void {
  if (event.type === 'ADVANCE') {
    const due = actorClock.nextDueAtMs();
    if (due !== undefined) actorClock.runUntil(due);
  } else {
    actor.send(event);
  }
}

const timeAwareLogic = {
  getInitialSnapshot(): ModelSnapshot {
    const clock = new VirtualClock(START_MS);
    const actor = createActor(machineFor(clock), { clock, input });
    actor.start();
    const snapshot = snapshotOf(actor, clock);
    actor.stop();
    return snapshot;
  },
  transition(snapshot: ModelSnapshot, event: ModelEvent): ModelSnapshot {
    const clock = new VirtualClock(snapshot.context.nowMs);
    const actor = createActor(machineFor(clock), { clock, input, snapshot: snapshot.context.persisted as never });
    actor.start();
    actor.send({ type: 'REPLAN' });
    apply(clock, actor, event);
    const next = snapshotOf(actor, clock);
    actor.stop();
    checkInvariants(next.context.ctx, next.context.nowMs);
    return next;
  },
} as unknown as AnyActorLogic;

function serialize(snapshot: ModelSnapshot): string {
  const ctx = snapshot.context.ctx;
  const active = activeAlarms(ctx);
  return JSON.stringify([
    leafPaths(snapshot.context.value),
    ctx.infusate,
    active.some((a) => a.severity === 'fault'),
    active.length > 0,
    Math.min(ctx.fillSeq, 2),
  ]);
}

describe('lifecycle model-based (xstate/graph)', () => {
  const paths = getShortestPaths(timeAwareLogic, {
    events: EVENTS as EventObject[],
    serializeState: (s) => serialize(s as unknown as ModelSnapshot),
    limit: 20_000,
  });

  it('reaches every observable state of the machine', () => {
    const reached = new Set(paths.flatMap((p) => leafPaths((p.state as unknown as ModelSnapshot).context.value)));
    const all = allLeafStates(machineFor(new VirtualClock(0)).root as never);
    expect(all.length).toBe(15);
    expect(all.filter((s) => !reached.has(s))).toEqual([]);
    console.log(`model-based: ${paths.length} shortest paths, ${reached.size}/${all.length} states reached`);
  });

  it('replays every path on one uninterrupted actor to the same snapshot (restore is invisible)', () => {
    const logic = timeAwareLogic as unknown as {
      getInitialSnapshot(): ModelSnapshot;
      transition(s: ModelSnapshot, e: ModelEvent): ModelSnapshot;
    };
    let compared = 0;
    for (const path of paths) {
      const clock = new VirtualClock(START_MS);
      const actor = createActor(machineFor(clock), { clock, input });
      actor.start();
      // The same steps, each through a save → restore → re-plan cycle.
      let restored = logic.getInitialSnapshot();
      for (const step of path.steps) {
        const event = step.event as ModelEvent;
        apply(clock, actor, event);
        restored = logic.transition(restored, event);
        checkInvariants(actor.getSnapshot().context, clock.now());
        expect(clock.now()).toBe(restored.context.nowMs);
        expect(actor.getSnapshot().value).toEqual(restored.context.value);
        expect(actor.getSnapshot().context).toEqual(restored.context.ctx);
        compared++;
      }
      actor.stop();
    }
    expect(compared).toBeGreaterThan(500);
  });
});
