/**
 * A simulation the page starts: the lifecycle machine on a scenario, in virtual time (`max`) or
 * scaled real time, streamed as LifecycleMessages. At `max` the run advances in slices of virtual
 * time and yields to the event loop between them, so the server keeps answering and the page
 * watches the run unfold instead of only seeing its end. The actor is kept after the end, so an
 * alarm can still be acknowledged at the final instant.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Actor } from 'xstate';
import {
  instantaneousFlowMlPerDay,
  remainingAt,
  scenarioDays,
  scenarioStartAtMs,
  startRecordedActor,
  stepEvent,
  totalsOf,
  type AckEvent,
  type LifecycleMachine,
  type Scenario,
  type TimelineEvent,
} from '../../lifecycle/index.ts';
import { ScaledClock, VirtualClock, type Clock } from '../../model/clock.ts';
import { MS_PER_DAY, type PumpProfile } from '../../model/index.ts';
import type { LifecycleMessage, LifecyclePoint, PublishedTimelineEvent } from './messages.ts';

export interface SimulationRequest {
  key: string;
  scenario: Scenario;
  scenarioName: string;
  profile: PumpProfile;
  speed: 'max' | number;
  days?: number | undefined;
}

/** One slice of virtual time at `max`: a reservoir point every six hours draws a smooth year. */
const SLICE_MS = MS_PER_DAY / 4;
/** At a scaled speed, about four updates a real second. */
const SCALED_UPDATES_PER_REAL_S = 4;

export interface RunningSimulation {
  /** Sends ACK (all alarms or one code) to the machine; false when the machine is gone. */
  acknowledge(event: AckEvent): boolean;
  stop(): void;
  readonly finished: Promise<void>;
}

export function startSimulation(request: SimulationRequest, emit: (message: LifecycleMessage) => void): RunningSimulation {
  const { key, scenario, profile, speed } = request;
  const startAtMs = scenarioStartAtMs(scenario);
  const endAtMs = startAtMs + Math.round(scenarioDays(scenario, request.days) * MS_PER_DAY);
  const clock: Clock = speed === 'max' ? new VirtualClock(startAtMs) : new ScaledClock(speed, startAtMs);
  const pending: PublishedTimelineEvent[] = [];
  const { actor } = startRecordedActor({ profile, scenario, clock, startAtMs, onEvent: (event) => pending.push(publishable(event)) });
  let stopped = false;
  let stopSignal: (() => void) | undefined;
  const timers: number[] = [];
  for (const step of scenario.steps) {
    const atMs = startAtMs + Math.round(step.day * MS_PER_DAY);
    if (atMs > endAtMs) break;
    timers.push(clock.setTimeout(() => actor.send(stepEvent(step)), Math.max(0, atMs - clock.now())));
  }
  emit({
    type: 'lifecycle-start',
    key,
    source: 'dashboard',
    scenario: request.scenarioName,
    profile: profile.name,
    speed,
    startAtMs,
    endAtMs,
    device: null,
  });
  const flush = (): void => {
    const atMs = Math.min(clock.now(), endAtMs);
    if (pending.length > 0) emit({ type: 'lifecycle-events', key, events: pending.splice(0) });
    emit({ type: 'lifecycle-points', key, points: [pointOf(actor, atMs)] });
  };

  const finished = (async (): Promise<void> => {
    try {
      flush();
      if (clock instanceof VirtualClock) {
        while (!stopped && clock.now() < endAtMs) {
          clock.runUntil(Math.min(endAtMs, clock.now() + SLICE_MS));
          flush();
          await yieldToEventLoop();
        }
      } else {
        await new Promise<void>((resolve) => {
          const everyMs = Math.max(1000, (speed === 'max' ? 1 : speed) * (1000 / SCALED_UPDATES_PER_REAL_S));
          const tick = (): void => {
            if (stopped || clock.now() >= endAtMs) return resolve();
            flush();
            timers.push(clock.setTimeout(tick, Math.min(everyMs, endAtMs - clock.now())));
          };
          tick();
          stopSignal = resolve;
        });
      }
      flush();
      const atMs = Math.min(clock.now(), endAtMs);
      emit({
        type: 'lifecycle-end',
        key,
        status: stopped ? 'stopped' : 'done',
        atMs,
        totals: { ...totalsOf(actor.getSnapshot().context, atMs) },
      });
    } catch (error) {
      emit({
        type: 'lifecycle-end',
        key,
        status: 'failed',
        atMs: clock.now(),
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      for (const id of timers) clock.clearTimeout(id);
      if (clock instanceof ScaledClock) clock.clearAll();
    }
  })();

  return {
    acknowledge(event: AckEvent): boolean {
      if (actor.getSnapshot().status !== 'active') return false;
      actor.send(event);
      // A max-speed run has ended by the time anyone clicks: publish the acknowledgement now.
      if (pending.length > 0) emit({ type: 'lifecycle-events', key, events: pending.splice(0) });
      return true;
    },
    stop(): void {
      stopped = true;
      stopSignal?.();
    },
    finished,
  };
}

function pointOf(actor: Actor<LifecycleMachine>, atMs: number): LifecyclePoint {
  const { context } = actor.getSnapshot();
  return { atMs, volumeMl: remainingAt(context, atMs), flowMlPerDay: instantaneousFlowMlPerDay(context, atMs) };
}

/** The shape the messages carry (detail values stay JSON: numbers, strings, null). */
export function publishable(event: TimelineEvent): PublishedTimelineEvent {
  return {
    atMs: event.atMs,
    day: event.day,
    type: event.type,
    state: event.state,
    shortState: event.shortState,
    volumeMl: event.volumeMl,
    ...(event.detail === undefined ? {} : { detail: event.detail }),
  };
}
