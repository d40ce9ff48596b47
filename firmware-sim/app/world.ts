import type { DeviceClock } from '../hal/types.ts';

/**
 * World time: what the physical pump and the patient live in. It follows the clock the device runs on,
 * scaled by a speed factor (SIM:SPEED; 0 freezes it), plus explicit jumps (SIM:TIME:ADV).
 * Integer ms since the simulation started. It is not the device's RAM: a reset never touches it.
 */
export class WorldTime {
  private baseWorldMs = 0;
  private baseClockMs: number;
  private speedFactor: number;

  constructor(
    private readonly clock: Pick<DeviceClock, 'nowMs'>,
    speed = 1,
  ) {
    this.baseClockMs = clock.nowMs();
    this.speedFactor = speed;
  }

  nowMs(): number {
    return this.baseWorldMs + Math.floor((this.clock.nowMs() - this.baseClockMs) * this.speedFactor);
  }

  get speed(): number {
    return this.speedFactor;
  }

  setSpeed(speed: number): void {
    this.rebase();
    this.speedFactor = speed;
  }

  advance(ms: number): void {
    this.rebase();
    this.baseWorldMs += Math.max(0, Math.round(ms));
  }

  /** Clock ms until world ms `worldDelayMs` from now have passed; Infinity when frozen. */
  clockDelayMs(worldDelayMs: number): number {
    if (worldDelayMs <= 0) return 0;
    if (this.speedFactor <= 0) return Infinity;
    return Math.ceil(worldDelayMs / this.speedFactor);
  }

  private rebase(): void {
    this.baseWorldMs = this.nowMs();
    this.baseClockMs = this.clock.nowMs();
  }
}
