/**
 * A rate-settable pump that loses power mid-run (issue 11 item 4, the syringe-pump side), in
 * virtual time so every number is exact: the pump dies right after answering a counter read,
 * comes back stopped, with its rate forgotten and its counter gone back by what it had not yet
 * committed, and answers its next command with the power-up alarm (as an NE-1000 answers A?R).
 * The controller must record the restart, send rate and RUN again, keep the counted volume
 * (the counter that went back is not a negative delivery), and reconcile: what the model says,
 * minus only what the pump could not deliver while it stood still until the next watch.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/model/clock.ts';
import { DEFAULT_PUMP_PROFILE, MS_PER_DAY, MS_PER_MINUTE, fullFlowRateMlPerDay } from '../../src/model/index.ts';
import { parseScenario, scenarioStartAtMs } from '../../src/lifecycle/index.ts';
import type { DeviceEvent } from '../../src/devices/pump-device.ts';
import { playScenario } from '../../src/controller/index.ts';
import { FakeRatePump } from './support/fake-rate-pump.ts';

const LOST_ML = 0.05;
const WATCH_MS = 10 * MS_PER_MINUTE;

class PowerFailingPump extends FakeRatePump {
  counterMl = 0;
  /** What really left the syringe, whatever the counter says. */
  physicalMl = 0;
  private readonly listeners: ((event: DeviceEvent) => void)[] = [];
  private powerFailDue = false;
  private alarmPending = false;

  constructor(
    clock: VirtualClock,
    private readonly failAtMs: number,
  ) {
    super(clock);
  }

  protected deliver(ml: number): void {
    this.counterMl += ml;
    this.physicalMl += ml;
  }

  protected override rateEntry(): string {
    return 'rate';
  }

  /** Every command first answers a pending power-up alarm (the driver resends and reports it). */
  protected override command(): void {
    super.command();
    if (!this.alarmPending) return;
    this.alarmPending = false;
    for (const l of this.listeners)
      l({ type: 'restart', atMs: this.clock.now(), detail: { how: 'alarm-R', evidence: ['alarm-R'], text: 'power-up alarm' } });
  }

  async readDeliveredMl() {
    this.command();
    const reply = this.counterMl;
    if (!this.powerFailDue && this.clock.now() >= this.failAtMs) {
      // Dies right after this reply: RAM gone (stopped, rate forgotten), uncommitted counts lost.
      this.powerFailDue = true;
      this.running = false;
      this.rateMlPerDay = 0;
      this.counterMl -= LOST_ML;
      this.alarmPending = true;
      this.log.push('power lost');
    }
    return reply;
  }
  onEvent(listener: (event: DeviceEvent) => void) {
    this.listeners.push(listener);
    return () => undefined;
  }
}

describe('a rate-settable pump that restarts mid-run', () => {
  it('is started again, keeps its counted volume, and reconciles to within what it missed while stopped', async () => {
    const scenario = parseScenario({
      startAt: '2026-01-05T09:00:00Z',
      days: 6,
      steps: [{ day: 0, type: 'FILL', infusate: 'saline', volumeMl: 30 }],
    });
    const startAtMs = scenarioStartAtMs(scenario);
    const clock = new VirtualClock(startAtMs);
    // The first counter read at or after day 2 (a daily comparison) is the last before the power cut.
    const pump = new PowerFailingPump(clock, startAtMs + 2 * MS_PER_DAY);
    const result = await playScenario({ device: pump, profile: DEFAULT_PUMP_PROFILE, scenario, clock, watchEveryMs: WATCH_MS });

    expect(result.restarts).toHaveLength(1);
    expect(result.restarts[0]).toMatchObject({ how: 'alarm-R', evidence: ['alarm-R'] });
    // Found by the next watch (10 min after the day-2 read), then rate and RUN again.
    expect(result.restarts[0]?.atMs).toBe(startAtMs + 2 * MS_PER_DAY + WATCH_MS);
    const after = pump.log.slice(pump.log.indexOf('power lost'));
    expect(after.slice(0, 3)).toEqual(['power lost', 'rate', 'start']);

    // The counter went back LOST_ML: counted anyway, once, so the run counts what really left.
    expect(result.reconciliation.counterCorrectionMl).toBeCloseTo(LOST_ML, 12);
    expect(result.reconciliation.deviceDeliveredMl).toBeCloseTo(pump.physicalMl, 9);
    expect(result.reconciliation.deviceDeliveredMl).toBeCloseTo(
      result.reconciliation.counterEndMl - result.reconciliation.counterStartMl + LOST_ML,
      9,
    );
    expect(result.ledger.every((e) => e.deltaMl >= 0)).toBe(true);
    expect(result.reconciliation.ledgerMl).toBeCloseTo(result.reconciliation.deviceDeliveredMl, 9);
    for (let i = 1; i < result.ledger.length; i++) expect(result.ledger[i]?.fromMs).toBe(result.ledger[i - 1]?.toMs);

    // Worked by hand: the pump stood still for one watch period at the saline rate (37 °C, sea
    // level, full flow over these 6 days of a 30 mL fill); nothing else is missing.
    const salineMlPerDay = fullFlowRateMlPerDay(DEFAULT_PUMP_PROFILE, { ...DEFAULT_PUMP_PROFILE.calibration, infusate: 'saline' });
    const missedMl = (salineMlPerDay * WATCH_MS) / MS_PER_DAY;
    expect(result.reconciliation.differenceMl).toBeCloseTo(-missedMl, 6);
    expect(result.reconciliation.withinTolerance).toBe(true);
  });
});
