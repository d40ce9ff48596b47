/**
 * Plays the model's flow profile on a rate-settable pump (a syringe pump on the bench): the
 * rate is the model's instantaneous flow × the time compression, re-sent whenever it changes
 * (environment, occlusion, the bellows taper, which the player re-evaluates on a cadence), the
 * pump starts with a fill and stops with a drain or when the model's flow is zero.
 *
 * A pump that restarted (power cycle, a new emulator process) stands stopped and may have lost
 * a rate set while it pumped: the driver reports the restart, or `verifyRunning` finds the
 * pump idle when it should run, and the next `follow` sends rate and RUN again.
 */
import type { Actor } from 'xstate';
import { instantaneousFlowMlPerDay, type LifecycleMachine } from '../lifecycle/index.ts';
import { DeviceError, type PumpDevice } from '../devices/pump-device.ts';
import type { LinkGuard } from './link-guard.ts';

/** Re-send the rate only when it moved by more than this fraction (pumps round anyway). */
const RATE_CHANGE_FRACTION = 0.005;

export class RateFollower {
  private running = false;
  private rateMlPerDay = 0;
  private restartNeeded = false;

  constructor(
    private readonly actor: Actor<LifecycleMachine>,
    private readonly device: PumpDevice,
    private readonly guard: LinkGuard,
    private readonly now: () => number,
    /** Model days per real day: the pump must deliver a model day's volume in a real 1/speed day. */
    private readonly speed: number,
    private readonly note: (text: string) => void = () => undefined,
    /** Runs before a restarted pump is started again: the counter is read while it stands still. */
    private readonly beforeRestart: () => Promise<void> = async () => undefined,
  ) {}

  get currentRateMlPerDay(): number {
    return this.running ? this.rateMlPerDay : 0;
  }

  /** The pump stopped without us (it restarted): the next `follow` sends rate and RUN again. */
  deviceStopped(): void {
    if (this.running) this.restartNeeded = true;
    this.running = false;
  }

  /** True after a restart until `follow` has started the pump again. */
  get needsRestart(): boolean {
    return this.restartNeeded;
  }

  /** Asks the pump whether it runs when it should; one that stands still is started again. */
  async verifyRunning(): Promise<void> {
    if (!this.running) return;
    let state: string;
    try {
      state = (await this.guard.run({ label: 'status', run: () => this.device.status() })).state;
    } catch (error) {
      // An alarm (a stall) stopped it: said by the driver; the pump is not running.
      if (!(error instanceof DeviceError && error.code === 'alarm')) throw error;
      this.note(`the pump stopped with an alarm: ${error.message}`);
      this.deviceStopped();
      return;
    }
    // The driver may have reported a restart meanwhile (the answer to this very status).
    if (this.running && state !== 'running') {
      this.note(`the pump stands ${state} while it should run: started again`);
      this.deviceStopped();
    }
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
      this.restartNeeded = false;
      return;
    }
    const moved = Math.abs(target - this.rateMlPerDay) > RATE_CHANGE_FRACTION * Math.max(target, this.rateMlPerDay);
    if (moved || !this.running) {
      await this.guard.run({ label: 'set rate', run: () => this.device.setRate(target) });
      this.rateMlPerDay = target;
    }
    if (!this.running) {
      // What its counter lost must be seen before the pump counts again (a restart found by
      // the rate just sent counts too).
      if (this.restartNeeded) await this.beforeRestart();
      await this.guard.run({ label: 'start', run: () => this.device.start() });
      this.running = true;
      this.restartNeeded = false;
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    await this.guard.run({ label: 'stop', run: () => this.device.stop() });
    this.running = false;
  }
}
