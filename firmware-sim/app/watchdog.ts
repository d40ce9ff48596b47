import type { DeviceClock } from '../hal/types.ts';

/**
 * An independent watchdog: one timer on the raw clock, separate from the loop's own tick.
 * The loop must `kick()` at least every `timeoutMs` (clock time); a loop that stalls (an
 * infinite loop, a blocked handler) stops kicking and the watchdog bites, resetting the device.
 * Kicks only move a deadline; the timer re-arms itself lazily, so kicking costs no timer churn.
 * Before a tickless sleep the loop extends the deadline to cover the sleep (`expectSleep`), as
 * firmware reloads a low-power watchdog before WFI.
 */
export class Watchdog {
  private deadlineMs = Infinity;
  private timer: number | undefined;
  bites = 0;

  constructor(
    private readonly clock: DeviceClock,
    private readonly timeoutMs: number,
    private readonly onBite: () => void,
  ) {}

  kick(): void {
    this.setDeadline(this.clock.nowMs() + this.timeoutMs);
  }

  expectSleep(sleepMs: number): void {
    this.setDeadline(sleepMs === Infinity ? Infinity : this.clock.nowMs() + sleepMs + this.timeoutMs);
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.cancelTimer(this.timer);
    this.timer = undefined;
    this.deadlineMs = Infinity;
  }

  private setDeadline(deadlineMs: number): void {
    this.deadlineMs = deadlineMs;
    if (this.timer === undefined && deadlineMs !== Infinity) this.arm();
  }

  private arm(): void {
    const delay = Math.max(0, this.deadlineMs - this.clock.nowMs());
    this.timer = this.clock.setTimer(() => this.check(), delay);
  }

  private check(): void {
    this.timer = undefined;
    if (this.deadlineMs === Infinity) return;
    if (this.clock.nowMs() < this.deadlineMs) {
      this.arm();
      return;
    }
    this.bites++;
    this.deadlineMs = Infinity;
    this.onBite();
  }
}
