import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActor } from 'xstate';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/model/clock.ts';
import { MS_PER_DAY } from '../../src/model/index.ts';
import { loadProfile } from '../../src/profiles/load.ts';
import { createLifecycleMachine, loadScenarioFile, scenarioStartAtMs, stepEvent, TOUR_SCENARIO_FILE } from '../../src/lifecycle/index.ts';
import { loadState, persistedState, replan, restoreActor, saveState, type LifecycleContext } from '../../src/lifecycle/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'haipump-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario = loadScenarioFile(TOUR_SCENARIO_FILE);
const profile = loadProfile('codman-3000-30ml');
const startAtMs = scenarioStartAtMs(scenario);
const endAtMs = startAtMs + 100 * MS_PER_DAY;
const input = { profile, startAtMs, weightKg: 70 };

/** Runs the tour from `fromMs` to `toMs` on `clock`, sending the steps due in that span. */
function schedule(clock: VirtualClock, send: (e: ReturnType<typeof stepEvent>) => void, fromMs: number): void {
  for (const step of scenario.steps) {
    const atMs = startAtMs + Math.round(step.day * MS_PER_DAY);
    if (atMs < fromMs) continue;
    clock.setTimeout(() => send(stepEvent(step)), atMs - clock.now());
  }
}

function uninterrupted(): LifecycleContext {
  const clock = new VirtualClock(startAtMs);
  const actor = createActor(createLifecycleMachine({ clock }), { clock, input });
  actor.start();
  schedule(clock, (e) => actor.send(e), startAtMs);
  clock.runUntil(endAtMs);
  return actor.getSnapshot().context;
}

function interruptedAt(saveDay: number): LifecycleContext {
  const saveAtMs = startAtMs + Math.round(saveDay * MS_PER_DAY);
  const clock1 = new VirtualClock(startAtMs);
  const actor1 = createActor(createLifecycleMachine({ clock: clock1 }), { clock: clock1, input });
  actor1.start();
  schedule(clock1, (e) => actor1.send(e), startAtMs);
  clock1.runUntil(saveAtMs);
  const file = join(dir, `state-${saveDay}.json`);
  saveState(file, persistedState(actor1, clock1.now()));
  actor1.stop();

  // A new process, a new clock at the same instant: only the file carries the state over.
  const clock2 = new VirtualClock(saveAtMs);
  const actor2 = restoreActor(createLifecycleMachine({ clock: clock2 }), loadState(file), clock2, input);
  actor2.start();
  replan(actor2);
  // Steps at exactly the save instant were already sent before saving.
  schedule(clock2, (e) => actor2.send(e), saveAtMs + 1);
  clock2.runUntil(endAtMs);
  return actor2.getSnapshot().context;
}

describe('persistence: save, restore, and every deadline at the same instant', () => {
  const reference = uninterrupted();

  // Mid-fill, mid-bolus, mid-drug phase, mid-flight, mid-taper, depleted, mid-drain, mid-occlusion.
  for (const day of [0.003, 8.001, 10, 20.1, 43.7, 45.9, 46.501, 50.2, 60.2, 61.502, 80]) {
    it(`restored at day ${day} ends exactly as the uninterrupted run`, () => {
      const restored = interruptedAt(day);
      expect(restored.log.map((e) => [e.atMs, e.type])).toEqual(reference.log.map((e) => [e.atMs, e.type]));
      expect(restored.alarms).toEqual(reference.alarms);
      expect(restored).toEqual(reference);
    });
  }

  it('rejects a file that is not a saved state, naming the problem', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ version: 1, savedAtMs: 0, profile: 'x', snapshot: { status: 'done' } }));
    expect(() => loadState(bad)).toThrow(/snapshot\.status/);
    writeFileSync(bad, '{ torn');
    expect(() => loadState(bad)).toThrow(/not a saved lifecycle state/);
  });

  it('refuses to restore onto a clock that is earlier than the save (time would run backwards)', () => {
    const file = join(dir, 'state-0.003.json');
    interruptedAt(0.003);
    const clock = new VirtualClock(startAtMs);
    expect(() => restoreActor(createLifecycleMachine({ clock }), loadState(file), clock, input)).toThrow(/backwards/);
  });
});
