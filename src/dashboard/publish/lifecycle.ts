/**
 * A lifecycle run as publish messages: the same LifecycleMessages the dashboard's own
 * simulations emit, so a run of `haipump simulate` or `run` looks on the page as one started there.
 */
import { randomUUID } from 'node:crypto';
import type { SimulationResult, TimelineEvent } from '../../lifecycle/index.ts';
import type { LifecycleMessage } from '../lifecycle/messages.ts';
import { publishable } from '../lifecycle/simulation.ts';

export interface PublishedRun {
  source: 'simulate' | 'run';
  scenario: string;
  profile: string;
  speed: 'max' | number;
  startAtMs: number;
  endAtMs: number;
  device: string | null;
}

/** The batches a publisher posts; a long run's events go in slices the server takes. */
const EVENTS_PER_MESSAGE = 2000;

export function newRunKey(source: string): string {
  return `${source}-${randomUUID().slice(0, 8)}`;
}

export function startMessage(key: string, run: PublishedRun): LifecycleMessage {
  return { type: 'lifecycle-start', key, ...run };
}

export function eventsMessage(key: string, events: readonly TimelineEvent[]): LifecycleMessage {
  return { type: 'lifecycle-events', key, events: events.map(publishable) };
}

/** Everything a finished run has: its timeline, its telemetry as points, and its totals. */
export function resultMessages(key: string, result: SimulationResult): LifecycleMessage[] {
  const messages: LifecycleMessage[] = [];
  for (let i = 0; i < result.events.length; i += EVENTS_PER_MESSAGE)
    messages.push(eventsMessage(key, result.events.slice(i, i + EVENTS_PER_MESSAGE)));
  const telemetry = result.telemetry;
  if (telemetry !== null) {
    for (let i = 0; i < telemetry.count; i += EVENTS_PER_MESSAGE) {
      const points = [];
      for (let j = i; j < Math.min(telemetry.count, i + EVENTS_PER_MESSAGE); j++)
        points.push({ atMs: telemetry.atMs[j] ?? 0, volumeMl: telemetry.volumeMl[j] ?? 0, flowMlPerDay: telemetry.flowMlPerDay[j] ?? 0 });
      messages.push({ type: 'lifecycle-points', key, points });
    }
  }
  messages.push({ type: 'lifecycle-end', key, status: 'done', atMs: result.endAtMs, totals: { ...result.totals } });
  return messages;
}
