// The Elite's pusher in device time: the shared plunger (volume counters in nL) plus the run-time
// counters of `itime`/`wtime`, and the two targets that stop a run with `T*`: a volume
// (`tvolume`) and a time (`ttime`) [M]. Like the plunger, a run is anchored (time, totals) and
// recomputed from the anchor, so a long jump of device time (`sim:time:adv`) costs nothing and
// a target is met at the exact device time it falls on, not at the next look.
import { Plunger, type PlungerDirection } from '../ne1000/plunger.ts';
import type { Elite11State } from './state.ts';

interface RunClock {
  readonly direction: PlungerDirection;
  readonly anchorMs: number;
  readonly anchorTotalMs: number;
  /** Stop when the direction's run time reaches this total, if set. */
  readonly stopAtTotalMs: number | undefined;
}

export class Elite11Motion {
  private readonly plunger: Plunger;
  private clock: RunClock | undefined;

  constructor(private readonly state: Elite11State) {
    this.plunger = new Plunger(state);
  }

  get moving(): boolean {
    return this.plunger.moving;
  }

  get direction(): PlungerDirection | undefined {
    return this.plunger.direction;
  }

  get nlPerMin(): number {
    return this.plunger.nlPerMin;
  }

  volumeNl(direction: PlungerDirection): number {
    return this.plunger.total(direction);
  }

  timeMs(direction: PlungerDirection): number {
    return direction === 'infuse' ? this.state.infusedTimeMs : this.state.withdrawnTimeMs;
  }

  start(direction: PlungerDirection, nlPerMin: number, nowMs: number, stops: { volumeNl?: number; timeMs?: number }): void {
    this.stop(nowMs);
    this.plunger.start(direction, nlPerMin, nowMs, stops.volumeNl);
    this.clock = { direction, anchorMs: nowMs, anchorTotalMs: this.timeMs(direction), stopAtTotalMs: stops.timeMs };
  }

  setRate(nlPerMin: number, nowMs: number): void {
    this.advanceTo(nowMs);
    this.plunger.setRate(nlPerMin, nowMs);
  }

  stop(nowMs: number): void {
    this.advanceTo(nowMs);
    this.plunger.stop(nowMs);
    this.clock = undefined;
  }

  /** Brings the counters up to `nowMs`; true when a target stopped the run meanwhile. */
  advanceTo(nowMs: number): boolean {
    const c = this.clock;
    if (c === undefined || !this.plunger.moving) {
      this.clock = undefined;
      return false;
    }
    const endMs = this.targetAtMs();
    if (endMs !== undefined && endMs <= nowMs) {
      this.plunger.stop(endMs);
      this.setTime(c.direction, c.anchorTotalMs + Math.max(0, endMs - c.anchorMs));
      this.clock = undefined;
      return true;
    }
    this.plunger.advanceTo(nowMs);
    this.setTime(c.direction, c.anchorTotalMs + Math.max(0, nowMs - c.anchorMs));
    return false;
  }

  /** Device time at which the run meets its first target, if it has one. */
  targetAtMs(): number | undefined {
    const c = this.clock;
    if (c === undefined) return undefined;
    const atTime = c.stopAtTotalMs === undefined ? undefined : c.anchorMs + Math.max(0, c.stopAtTotalMs - c.anchorTotalMs);
    const atVolume = this.plunger.targetAtMs();
    if (atTime === undefined) return atVolume;
    return atVolume === undefined ? atTime : Math.min(atTime, atVolume);
  }

  clearVolume(direction: PlungerDirection, nowMs: number): void {
    this.advanceTo(nowMs);
    this.plunger.clear(direction, nowMs);
  }

  /** Clears a run-time counter; a running target keeps the time it still had to go. */
  clearTime(direction: PlungerDirection, nowMs: number): void {
    this.advanceTo(nowMs);
    const before = this.timeMs(direction);
    this.setTime(direction, 0);
    const c = this.clock;
    if (c !== undefined && c.direction === direction) {
      this.clock = {
        ...c,
        anchorMs: nowMs,
        anchorTotalMs: 0,
        stopAtTotalMs: c.stopAtTotalMs === undefined ? undefined : c.stopAtTotalMs - before,
      };
    }
  }

  private setTime(direction: PlungerDirection, ms: number): void {
    if (direction === 'infuse') this.state.infusedTimeMs = ms;
    else this.state.withdrawnTimeMs = ms;
  }
}
