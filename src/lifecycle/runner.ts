/**
 * Runs a scenario through the lifecycle machine on an injected clock and collects the timeline.
 * With a VirtualClock (`--speed max`) a year runs in well under a second: time jumps from one
 * deadline or step to the next. With a ScaledClock the same run takes real (compressed) time.
 */
import { createActor, type Actor } from 'xstate';
import { MS_PER_DAY, type PumpProfile } from '../model/index.ts';
import { VirtualClock, type Clock } from '../model/clock.ts';
import { conservationErrorMl, deliveredAt, instantaneousFlowMlPerDay, refillDueAtMs, remainingAt } from './accounting.ts';
import { createLifecycleMachine, type LifecycleMachine } from './machine.ts';
import { stepEvent, type Scenario } from './scenario.ts';
import { leafPaths, shortState } from './states.ts';
import type { LifecycleContext, LogEntry } from './types.ts';

/** Scenarios without a start time begin here, so runs are reproducible. */
export const DEFAULT_START_AT_MS = Date.UTC(2026, 0, 1);

export type TimelineEvent = {
  atMs: number;
  day: number;
  /** `state` for a state change, otherwise the log entry's type (fill, drain, alarm, ...). */
  type: string;
  /** Leaf states, comma separated (`infusing.phase.drug,infusing.reservoir.normal,...`). */
  state: string;
  shortState: string;
  volumeMl: number;
  detail?: Record<string, unknown>;
};

export interface SimulationTotals {
  filledMl: number;
  deliveredMl: number;
  drainedMl: number;
  remainingMl: number;
  bolusMl: number;
  conservationErrorMl: number;
  fills: number;
  drains: number;
  alarms: number;
  refusals: number;
  measuredFlowMlPerDay: number | null;
  refillDueAtMs: number | null;
}

export interface TelemetrySamples {
  atMs: Float64Array;
  volumeMl: Float64Array;
  flowMlPerDay: Float64Array;
  count: number;
}

export interface SimulationResult {
  startAtMs: number;
  endAtMs: number;
  profile: string;
  events: TimelineEvent[];
  totals: SimulationTotals;
  statesVisited: string[];
  telemetry: TelemetrySamples | null;
}

export interface SimulationOptions {
  profile: PumpProfile;
  scenario: Scenario;
  /** Defaults to virtual time. */
  clock?: Clock;
  /** When virtual time ends; defaults to scenario.days or the last step + 7 days. */
  days?: number;
  telemetryEveryMs?: number;
  onEvent?: (event: TimelineEvent) => void;
  /** For scaled real time: how the runner waits for the clock to reach the end. */
  waitUntil?: (clock: Clock, atMs: number) => Promise<void>;
}

export function scenarioStartAtMs(scenario: Scenario): number {
  return scenario.startAt === undefined ? DEFAULT_START_AT_MS : Date.parse(scenario.startAt);
}

export function scenarioDays(scenario: Scenario, override?: number): number {
  const lastStepDay = scenario.steps.at(-1)?.day ?? 0;
  return override ?? scenario.days ?? lastStepDay + 7;
}

function logDetail(entry: LogEntry): Record<string, unknown> {
  const { atMs: _atMs, type: _type, ...rest } = entry;
  return rest;
}

/** Builds the timeline from the actor's snapshots: log entries first, then the state change. */
export class TimelineRecorder {
  readonly events: TimelineEvent[] = [];
  readonly visited = new Set<string>();
  private lastState = '';
  private logSeen = 0;

  constructor(
    private readonly startAtMs: number,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly onEvent?: (event: TimelineEvent) => void,
  ) {}

  observe(value: unknown, context: LifecycleContext): void {
    const atNowMs = this.clock.now();
    const leaves = leafPaths(value);
    const state = leaves.join(',');
    const short = shortState(value);
    for (const leaf of leaves) this.visited.add(leaf);
    for (let i = this.logSeen; i < context.log.length; i++) {
      const entry = context.log[i] as LogEntry;
      this.push({
        atMs: entry.atMs,
        type: entry.type,
        state,
        shortState: short,
        volumeMl: remainingAt(context, entry.atMs),
        detail: logDetail(entry),
      });
    }
    this.logSeen = context.log.length;
    if (state !== this.lastState) {
      this.lastState = state;
      this.push({ atMs: atNowMs, type: 'state', state, shortState: short, volumeMl: remainingAt(context, atNowMs) });
    }
  }

  private push(event: Omit<TimelineEvent, 'day'>): void {
    const full = { ...event, day: (event.atMs - this.startAtMs) / MS_PER_DAY };
    this.events.push(full);
    this.onEvent?.(full);
  }
}

export function totalsOf(context: LifecycleContext, atMs: number): SimulationTotals {
  const due = refillDueAtMs(context);
  return {
    filledMl: context.totals.filledMl,
    deliveredMl: deliveredAt(context, atMs),
    drainedMl: context.totals.drainedMl,
    remainingMl: remainingAt(context, atMs),
    bolusMl: context.totals.bolusMl,
    conservationErrorMl: conservationErrorMl(context, atMs),
    fills: context.log.filter((e) => e.type === 'fill').length,
    drains: context.log.filter((e) => e.type === 'drain').length,
    alarms: context.alarms.length,
    refusals: context.log.filter((e) => e.type === 'refused').length,
    measuredFlowMlPerDay: context.measuredFlowMlPerDay,
    refillDueAtMs: Number.isFinite(due) && context.infusate !== null ? due : null,
  };
}

function startTelemetry(clock: Clock, everyMs: number, endAtMs: number, read: () => LifecycleContext): TelemetrySamples {
  const capacity = Math.max(1, Math.floor((endAtMs - clock.now()) / everyMs) + 1);
  const samples: TelemetrySamples = {
    atMs: new Float64Array(capacity),
    volumeMl: new Float64Array(capacity),
    flowMlPerDay: new Float64Array(capacity),
    count: 0,
  };
  const tick = (): void => {
    const atMs = clock.now();
    if (samples.count >= capacity) return;
    const context = read();
    const i = samples.count++;
    samples.atMs[i] = atMs;
    samples.volumeMl[i] = remainingAt(context, atMs);
    samples.flowMlPerDay[i] = instantaneousFlowMlPerDay(context, atMs);
    if (atMs + everyMs <= endAtMs) clock.setTimeout(tick, everyMs);
  };
  tick();
  return samples;
}

/** A started lifecycle actor for a scenario on `clock`, with a recorder building its timeline. */
export function startRecordedActor(options: {
  profile: PumpProfile;
  scenario: Scenario;
  clock: Clock;
  startAtMs: number;
  onEvent?: ((event: TimelineEvent) => void) | undefined;
}): { actor: Actor<LifecycleMachine>; recorder: TimelineRecorder } {
  const { profile, scenario, clock, startAtMs } = options;
  const recorder = new TimelineRecorder(startAtMs, clock, options.onEvent);
  const actor: Actor<LifecycleMachine> = createActor(createLifecycleMachine({ clock }), {
    clock,
    input: { profile, startAtMs, env: scenario.environment ?? {}, weightKg: scenario.weightKg ?? null },
  });
  actor.subscribe((snapshot) => recorder.observe(snapshot.value, snapshot.context));
  actor.start();
  recorder.observe(actor.getSnapshot().value, actor.getSnapshot().context);
  return { actor, recorder };
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const { profile, scenario } = options;
  const startAtMs = scenarioStartAtMs(scenario);
  const clock = options.clock ?? new VirtualClock(startAtMs);
  const endAtMs = startAtMs + Math.round(scenarioDays(scenario, options.days) * MS_PER_DAY);
  const { actor, recorder } = startRecordedActor({ profile, scenario, clock, startAtMs, onEvent: options.onEvent });

  for (const step of scenario.steps) {
    const atMs = startAtMs + Math.round(step.day * MS_PER_DAY);
    if (atMs > endAtMs) break;
    clock.setTimeout(() => actor.send(stepEvent(step)), Math.max(0, atMs - clock.now()));
  }
  const telemetry =
    options.telemetryEveryMs === undefined
      ? null
      : startTelemetry(clock, options.telemetryEveryMs, endAtMs, () => actor.getSnapshot().context);

  if (clock instanceof VirtualClock) clock.runUntil(endAtMs);
  else await (options.waitUntil ?? waitForClock)(clock, endAtMs);

  const result = simulationResultOf({ actor, recorder, startAtMs, endAtMs, telemetry });
  actor.stop();
  return result;
}

/** The result of a run so far: the timeline, the states it visited, and totals at `endAtMs`. */
export function simulationResultOf(options: {
  actor: Actor<LifecycleMachine>;
  recorder: TimelineRecorder;
  startAtMs: number;
  endAtMs: number;
  telemetry: TelemetrySamples | null;
}): SimulationResult {
  const { actor, recorder, startAtMs, endAtMs, telemetry } = options;
  const { context } = actor.getSnapshot();
  return {
    startAtMs,
    endAtMs,
    profile: context.profile.name,
    events: recorder.events,
    totals: totalsOf(context, endAtMs),
    statesVisited: [...recorder.visited].sort(),
    telemetry,
  };
}

/** Waits (in real time) until a real or scaled clock reaches `atMs`. */
export function waitForClock(clock: Clock, atMs: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, Math.max(0, atMs - clock.now())));
}
