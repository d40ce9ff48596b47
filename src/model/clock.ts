/**
 * One clock for everything timed: the lifecycle actor, the firmware loop, transport timeouts,
 * schedules. It is shaped so that XState v5 accepts it as `createActor(machine, { clock })`.
 *
 * Times are integer milliseconds since the Unix epoch (`atMs`); delays are milliseconds.
 * A delay of `Infinity` means "never": no timer is armed.
 */
export type TimerId = number;

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerId;
  clearTimeout(id: TimerId): void;
}

interface PendingTimer {
  id: TimerId;
  atMs: number;
  callback: () => void;
}

/** Virtual time in ms is kept integral so a timer's due time never depends on when it was armed. */
function roundDelayMs(delayMs: number): number {
  if (Number.isNaN(delayMs) || delayMs <= 0) return 0;
  return Math.ceil(delayMs);
}

/**
 * Discrete-event virtual time (`--speed max`): time stands still until told to run, then jumps
 * straight to the next due timer. Timers due at the same instant fire in the order they were armed.
 */
export class VirtualClock implements Clock {
  private nowMs: number;
  private nextId = 1;
  // A binary min-heap ordered by (atMs, id).
  private heap: PendingTimer[] = [];
  private cancelled = new Set<TimerId>();

  constructor(startAtMs = 0) {
    this.nowMs = Math.round(startAtMs);
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(callback: () => void, delayMs: number): TimerId {
    const id = this.nextId++;
    if (delayMs === Infinity) return id;
    this.push({ id, atMs: this.nowMs + roundDelayMs(delayMs), callback });
    return id;
  }

  clearTimeout(id: TimerId): void {
    this.cancelled.add(id);
  }

  /** The due time of the next live timer, or undefined when none is armed. */
  nextDueAtMs(): number | undefined {
    this.dropCancelledHead();
    return this.heap[0]?.atMs;
  }

  /** Fires every timer due up to and including `atMs` (in order), then sets the time to `atMs`. */
  runUntil(atMs: number): number {
    let fired = 0;
    for (;;) {
      const due = this.nextDueAtMs();
      if (due === undefined || due > atMs) break;
      const timer = this.pop();
      if (timer === undefined) break;
      this.nowMs = timer.atMs;
      timer.callback();
      fired++;
    }
    if (atMs > this.nowMs) this.nowMs = Math.round(atMs);
    return fired;
  }

  /** Advances by `ms`, firing what falls due on the way. */
  advance(ms: number): number {
    return this.runUntil(this.nowMs + roundDelayMs(ms));
  }

  private dropCancelledHead(): void {
    while (this.heap.length > 0) {
      const head = this.heap[0];
      if (head === undefined || !this.cancelled.has(head.id)) return;
      this.pop();
      this.cancelled.delete(head.id);
    }
  }

  private less(a: PendingTimer, b: PendingTimer): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.id < b.id);
  }

  private push(timer: PendingTimer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as PendingTimer;
      if (!this.less(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  private pop(): PendingTimer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = last;
      let target = -1;
      const l = heap[left];
      const r = heap[right];
      if (l !== undefined && this.less(l, smallest)) {
        smallest = l;
        target = left;
      }
      if (r !== undefined && this.less(r, smallest)) {
        smallest = r;
        target = right;
      }
      if (target < 0) break;
      heap[i] = smallest;
      i = target;
    }
    heap[i] = last;
    return top;
  }
}

// Node's timers overflow above 2^31-1 ms (~24.8 days) and then fire at once; long delays re-arm.
const MAX_NATIVE_DELAY_MS = 2_147_483_647;

/**
 * Real time scaled by `speed` (`--speed 60`: one real second is one device minute).
 * `speed = 1` is plain real time. `startAtMs` sets the clock's epoch; by default it starts at the
 * real now.
 */
export class ScaledClock implements Clock {
  private readonly realStartMs: number;
  private readonly startAtMs: number;
  private nextId = 1;
  private handles = new Map<TimerId, ReturnType<typeof setTimeout>>();

  constructor(
    readonly speed = 1,
    startAtMs?: number,
    private readonly realNow: () => number = Date.now,
  ) {
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive finite number, got ${speed}`);
    this.realStartMs = realNow();
    this.startAtMs = startAtMs ?? this.realStartMs;
  }

  now(): number {
    return Math.floor(this.startAtMs + (this.realNow() - this.realStartMs) * this.speed);
  }

  setTimeout(callback: () => void, delayMs: number): TimerId {
    const id = this.nextId++;
    if (delayMs === Infinity) return id;
    const dueAtMs = this.now() + Math.max(0, delayMs);
    const arm = (): void => {
      const remainingRealMs = Math.max(0, (dueAtMs - this.now()) / this.speed);
      const handle = setTimeout(
        () => {
          // Long delays are chunked, and a timer must never see the clock before its due time.
          if (this.now() < dueAtMs) return arm();
          this.handles.delete(id);
          callback();
        },
        Math.min(remainingRealMs, MAX_NATIVE_DELAY_MS),
      );
      this.handles.set(id, handle);
    };
    arm();
    return id;
  }

  clearTimeout(id: TimerId): void {
    const handle = this.handles.get(id);
    if (handle !== undefined) clearTimeout(handle);
    this.handles.delete(id);
  }

  /** Cancels every pending timer (for clean shutdown). */
  clearAll(): void {
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }
}

/** Plain real time. */
export class RealClock extends ScaledClock {
  constructor() {
    super(1);
  }
}
