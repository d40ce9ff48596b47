/**
 * Plays the model's flow profile on a rate-settable pump (a syringe pump on the bench): the
 * rate is the model's instantaneous flow × the time compression, re-sent whenever it changes
 * (environment, occlusion, the bellows taper, which the player re-evaluates on a cadence), the
 * pump starts with a fill and stops with a drain or when the model's flow is zero.
 */
import type { Actor } from 'xstate';
import { instantaneousFlowMlPerDay, type LifecycleMachine } from '../lifecycle/index.ts';
import type { PumpDevice } from '../devices/pump-device.ts';
import type { LinkGuard } from './link-guard.ts';

/** Re-send the rate only when it moved by more than this fraction (pumps round anyway). */
const RATE_CHANGE_FRACTION = 0.005;

export class RateFollower {
  private running = false;
  private rateMlPerDay = 0;

  constructor(
    private readonly actor: Actor<LifecycleMachine>,
    private readonly device: PumpDevice,
    private readonly guard: LinkGuard,
    private readonly now: () => number,
    /** Model days per real day: the pump must deliver a model day's volume in a real 1/speed day. */
    private readonly speed: number,
  ) {}

  get currentRateMlPerDay(): number {
    return this.running ? this.rateMlPerDay : 0;
  }

  /** Brings the pump in line with the model now. */
  async follow(): Promise<void> {
    const snapshot = this.actor.getSnapshot();
    // Between a drain and the next fill the needle is out: the bench pump stands still.
    const delivering = snapshot.matches('infusing') || snapshot.matches('filling');
    const modelFlow = delivering && snapshot.context.infusate !== null ? instantaneousFlowMlPerDay(snapshot.context, this.now()) : 0;
    const target = modelFlow * this.speed;
    if (target <= 0) {
      if (this.running) await this.guard.run({ label: 'stop', run: () => this.device.stop() });
      this.running = false;
      return;
    }
    const moved = Math.abs(target - this.rateMlPerDay) > RATE_CHANGE_FRACTION * Math.max(target, this.rateMlPerDay);
    if (moved || !this.running) {
      await this.guard.run({ label: 'set rate', run: () => this.device.setRate(target) });
      this.rateMlPerDay = target;
    }
    if (!this.running) {
      await this.guard.run({ label: 'start', run: () => this.device.start() });
      this.running = true;
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    await this.guard.run({ label: 'stop', run: () => this.device.stop() });
    this.running = false;
  }
}
