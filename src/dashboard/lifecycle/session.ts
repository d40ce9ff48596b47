/**
 * One lifecycle run as the page shows it: the active states, the timeline, reservoir volume and
 * flow over virtual days with fills, drains, boluses, fevers and flights marked, the alarms with
 * their acknowledgement, and the tail of the device traffic. Built only from LifecycleMessages,
 * so a run in this process and one published by another process look the same.
 */
import { MS_PER_DAY } from '../../model/index.ts';
import type { LifecycleMessage, LifecyclePoint, PublishedTimelineEvent, TrafficEntry } from './messages.ts';

/** Kept in memory per run; a longer run keeps its newest (traffic) or thins its oldest (points). */
const MAX_EVENTS = 5000;
const MAX_POINTS = 4000;
export const TRAFFIC_TAIL = 200;
/** Body temperature from which a change counts as a fever (flow rises above about 38.9 °C; hai-pump.md). */
const FEVER_FROM_C = 38;

export interface LifecycleMark {
  day: number;
  atMs: number;
  kind: 'fill' | 'drain' | 'bolus' | 'fever' | 'flight' | 'alarm' | 'refused';
  label: string;
}

export interface AlarmView {
  code: string;
  severity: string;
  cause: string;
  atMs: number;
  day: number;
  acknowledgedAtMs: number | null;
}

export interface LifecycleView {
  key: string;
  source: string;
  scenario: string;
  profile: string;
  speed: 'max' | number;
  device: string | null;
  status: 'running' | 'done' | 'stopped' | 'failed';
  message: string | null;
  startAtMs: number;
  endAtMs: number;
  atMs: number;
  day: number;
  /** Leaf state paths, as the machine's snapshot gives them (`infusing.reservoir.low`). */
  active: string[];
  events: PublishedTimelineEvent[];
  /** flowMlPerDay is null where only the volume is known (a run that published no telemetry). */
  points: { day: number; volumeMl: number; flowMlPerDay: number | null }[];
  marks: LifecycleMark[];
  alarms: AlarmView[];
  traffic: TrafficEntry[];
  totals: Record<string, number | null> | null;
}

/** What a live update carries: enough to light the diagram at once; the rest is fetched. */
export interface LifecycleTick {
  key: string;
  status: LifecycleView['status'];
  atMs: number;
  day: number;
  active: string[];
}

type StartMessage = Extract<LifecycleMessage, { type: 'lifecycle-start' }>;

export class LifecycleSession {
  private readonly view: LifecycleView;

  constructor(start: StartMessage) {
    this.view = {
      key: start.key,
      source: start.source,
      scenario: start.scenario,
      profile: start.profile,
      speed: start.speed,
      device: start.device,
      status: 'running',
      message: null,
      startAtMs: start.startAtMs,
      endAtMs: start.endAtMs,
      atMs: start.startAtMs,
      day: 0,
      active: [],
      events: [],
      points: [],
      marks: [],
      alarms: [],
      traffic: [],
      totals: null,
    };
  }

  get key(): string {
    return this.view.key;
  }

  get running(): boolean {
    return this.view.status === 'running';
  }

  /**
   * Applies one message of this run (the caller routes by key). A finished run takes only events:
   * an alarm acknowledged after a run's end is still an acknowledgement of that run.
   */
  apply(message: Exclude<LifecycleMessage, StartMessage>): void {
    if (!this.running && message.type !== 'lifecycle-events') return;
    switch (message.type) {
      case 'lifecycle-events':
        for (const event of message.events) this.addEvent(event);
        break;
      case 'lifecycle-points':
        for (const point of message.points) this.addPoint(point);
        break;
      case 'traffic':
        this.view.traffic.push(...message.entries);
        if (this.view.traffic.length > TRAFFIC_TAIL) this.view.traffic.splice(0, this.view.traffic.length - TRAFFIC_TAIL);
        break;
      case 'lifecycle-end':
        this.advanceTo(message.atMs);
        // A device run publishes no telemetry; every timeline event still carries the reservoir volume.
        if (this.view.points.length === 0)
          this.view.points = this.view.events.map((e) => ({ day: e.day, volumeMl: e.volumeMl, flowMlPerDay: null }));
        this.view.status = message.status;
        this.view.message = message.message ?? null;
        this.view.totals = message.totals ?? null;
        break;
    }
  }

  snapshot(): LifecycleView {
    return this.view;
  }

  tick(): LifecycleTick {
    const { key, status, atMs, day, active } = this.view;
    return { key, status, atMs, day, active };
  }

  private addEvent(event: PublishedTimelineEvent): void {
    this.advanceTo(event.atMs);
    if (event.state !== '') this.view.active = event.state.split(',');
    if (this.view.events.length >= MAX_EVENTS) this.view.events.shift();
    this.view.events.push(event);
    const detail = event.detail ?? {};
    const mark = markOf(event, detail);
    if (mark !== undefined) this.view.marks.push(mark);
    if (event.type === 'alarm') {
      this.view.alarms.push({
        code: String(detail.code ?? '?'),
        severity: String(detail.severity ?? '?'),
        cause: String(detail.cause ?? ''),
        atMs: event.atMs,
        day: event.day,
        acknowledgedAtMs: null,
      });
    }
    if (event.type === 'ack') {
      // The machine logs which alarm (code and the time it was raised) each acknowledgement cleared.
      const alarm = this.view.alarms.find((a) => a.code === detail.code && a.atMs === detail.raisedAtMs && a.acknowledgedAtMs === null);
      if (alarm !== undefined) alarm.acknowledgedAtMs = event.atMs;
    }
  }

  private addPoint(point: LifecyclePoint): void {
    this.advanceTo(point.atMs);
    const points = this.view.points;
    points.push({ day: (point.atMs - this.view.startAtMs) / MS_PER_DAY, volumeMl: point.volumeMl, flowMlPerDay: point.flowMlPerDay });
    // Thin by half when full: the chart keeps its whole span at half the density.
    if (points.length > MAX_POINTS) this.view.points = points.filter((_, i) => i % 2 === 0 || i === points.length - 1);
  }

  private advanceTo(atMs: number): void {
    if (atMs <= this.view.atMs) return;
    this.view.atMs = atMs;
    this.view.day = (atMs - this.view.startAtMs) / MS_PER_DAY;
  }
}

function markOf(event: PublishedTimelineEvent, detail: Record<string, unknown>): LifecycleMark | undefined {
  const at = { day: event.day, atMs: event.atMs };
  switch (event.type) {
    case 'fill':
      return { ...at, kind: 'fill', label: `fill ${num(detail.volumeMl)} mL ${String(detail.infusate ?? '')}`.trim() };
    case 'drain':
      return { ...at, kind: 'drain', label: `drain, returned ${num(detail.returnedMl)} mL` };
    case 'bolus':
      return { ...at, kind: 'bolus', label: `bolus ${num(detail.volumeMl)} mL` };
    case 'alarm':
      return { ...at, kind: 'alarm', label: `alarm ${String(detail.code ?? '')}` };
    case 'refused':
      return { ...at, kind: 'refused', label: `refused ${String(detail.event ?? '')}` };
    case 'env': {
      const tempC = typeof detail.tempC === 'number' ? detail.tempC : undefined;
      const altitudeM = typeof detail.altitudeM === 'number' ? detail.altitudeM : null;
      if (altitudeM !== null && altitudeM > 0) return { ...at, kind: 'flight', label: `altitude ${altitudeM} m` };
      if (tempC !== undefined && tempC >= FEVER_FROM_C) return { ...at, kind: 'fever', label: `fever ${tempC} °C` };
      return undefined;
    }
    default:
      return undefined;
  }
}

function num(value: unknown): string {
  return typeof value === 'number' ? String(Number(value.toFixed(3))) : '?';
}
