// The syringe pump's mechanics, shared by the NE-1000 and Elite 11 personalities: a plunger
// moved at a rate, with the delivered totals kept as integer nanolitres like firmware would
// keep step counts. A run is anchored (time, total) and the total is recomputed from the
// anchor, so ticks never accumulate rounding and a long jump of device time costs nothing.

export type PlungerDirection = 'infuse' | 'withdraw';

export interface PlungerTotals {
  infusedNl: number;
  withdrawnNl: number;
}

interface Motion {
  direction: PlungerDirection;
  nlPerMin: number;
  anchorMs: number;
  anchorTotalNl: number;
  /** Stop when the direction's total reaches this (a target volume), if set. */
  stopAtTotalNl: number | undefined;
}

export const NL_PER_ML = 1_000_000;

export class Plunger {
  private motion: Motion | undefined;

  /** `totals` is the persistent state's object: the plunger writes the counts into it. */
  constructor(private readonly totals: PlungerTotals) {}

  get moving(): boolean {
    return this.motion !== undefined;
  }

  get direction(): PlungerDirection | undefined {
    return this.motion?.direction;
  }

  get nlPerMin(): number {
    return this.motion?.nlPerMin ?? 0;
  }

  /** The total at which the running motion stops, if it has a target. */
  get stopAtTotalNl(): number | undefined {
    return this.motion?.stopAtTotalNl;
  }

  total(direction: PlungerDirection): number {
    return direction === 'infuse' ? this.totals.infusedNl : this.totals.withdrawnNl;
  }

  /** Brings the totals up to `nowMs`; true when the run stopped at its target meanwhile. */
  advanceTo(nowMs: number): boolean {
    const m = this.motion;
    if (m === undefined) return false;
    const elapsedMs = Math.max(0, nowMs - m.anchorMs);
    let total = m.anchorTotalNl + Math.floor((m.nlPerMin * elapsedMs) / 60_000);
    const reached = m.stopAtTotalNl !== undefined && total >= m.stopAtTotalNl;
    if (reached && m.stopAtTotalNl !== undefined) total = m.stopAtTotalNl;
    this.setTotal(m.direction, total);
    if (reached) this.motion = undefined;
    return reached;
  }

  start(direction: PlungerDirection, nlPerMin: number, nowMs: number, stopAtTotalNl?: number): void {
    this.advanceTo(nowMs);
    this.motion = { direction, nlPerMin, anchorMs: nowMs, anchorTotalNl: this.total(direction), stopAtTotalNl };
  }

  /** Changes the rate of the running motion (re-anchored so the past is kept). */
  setRate(nlPerMin: number, nowMs: number): void {
    const m = this.motion;
    if (m === undefined) return;
    this.start(m.direction, nlPerMin, nowMs, m.stopAtTotalNl);
  }

  stop(nowMs: number): void {
    this.advanceTo(nowMs);
    this.motion = undefined;
  }

  /** Clears one total (keeps a running motion consistent by re-anchoring it). */
  clear(direction: PlungerDirection, nowMs: number): void {
    this.advanceTo(nowMs);
    const m = this.motion;
    const moved = m !== undefined && m.direction === direction ? this.total(direction) : 0;
    this.setTotal(direction, 0);
    if (m !== undefined && m.direction === direction) {
      const remaining = m.stopAtTotalNl === undefined ? undefined : m.stopAtTotalNl - moved;
      this.motion = { ...m, anchorMs: nowMs, anchorTotalNl: 0, stopAtTotalNl: remaining };
    }
  }

  /** Device time at which the running motion reaches its target, if any. */
  targetAtMs(): number | undefined {
    const m = this.motion;
    if (m === undefined || m.stopAtTotalNl === undefined || m.nlPerMin <= 0) return undefined;
    return m.anchorMs + Math.ceil(((m.stopAtTotalNl - m.anchorTotalNl) * 60_000) / m.nlPerMin);
  }

  private setTotal(direction: PlungerDirection, nl: number): void {
    if (direction === 'infuse') this.totals.infusedNl = nl;
    else this.totals.withdrawnNl = nl;
  }
}
