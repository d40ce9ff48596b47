/**
 * A small fake rate-settable pump (the syringe-pump side of the controller) that integrates its
 * rate on the same VirtualClock as the controller, for the 'virtual' time mode. It logs what the
 * host asked (`rate …`, `start`, `stop`); a test that needs more (a power cut, an alarm) extends
 * it through the hooks: `command()` runs first in every request, `deliver()` takes what ran out.
 */
import type { VirtualClock } from '../../../src/model/clock.ts';
import { MS_PER_DAY } from '../../../src/model/index.ts';
import type { DeviceCapabilities, PumpDevice } from '../../../src/devices/pump-device.ts';

/** A syringe pump's capabilities: a rate to set, nothing else. */
const SYRINGE_PUMP: DeviceCapabilities = { fixedRate: false, reservoir: false, simulatedTime: false, environment: false, faults: false };

export abstract class FakeRatePump implements PumpDevice {
  readonly kind = 'ne1000' as const;
  readonly capabilities = SYRINGE_PUMP;
  rateMlPerDay = 0;
  running = false;
  readonly log: string[] = [];
  private lastMs: number;

  constructor(protected readonly clock: VirtualClock) {
    this.lastMs = clock.now();
  }

  /** What the counter reads now. */
  abstract readDeliveredMl(): Promise<number>;
  /** Takes the volume that ran out since the last request. */
  protected abstract deliver(ml: number): void;

  /** The log line of a rate set (default: the rate to 4 decimals). */
  protected rateEntry(rateMlPerDay: number): string {
    return `rate ${rateMlPerDay.toFixed(4)}`;
  }

  /** Runs first in every request: what ran at the rate since the last one is delivered. */
  protected command(): void {
    const now = this.clock.now();
    if (this.running) this.deliver((this.rateMlPerDay * (now - this.lastMs)) / MS_PER_DAY);
    this.lastMs = now;
  }

  async identify() {
    return { model: 'FAKE', firmware: '0' };
  }
  async status() {
    this.command();
    return {
      state: this.running ? ('running' as const) : ('stopped' as const),
      raw: '',
      rateMlPerDay: this.rateMlPerDay,
      reservoirMl: null,
    };
  }
  async alarms() {
    return [];
  }
  async acknowledge() {}
  async setRate(rateMlPerDay: number) {
    this.command();
    this.rateMlPerDay = rateMlPerDay;
    this.log.push(this.rateEntry(rateMlPerDay));
  }
  async start() {
    this.command();
    this.running = true;
    this.log.push('start');
  }
  async stop() {
    this.command();
    this.running = false;
    this.log.push('stop');
  }
  async close() {}
}
