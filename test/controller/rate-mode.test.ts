/**
 * Rate-settable devices (syringe pumps): the controller plays the model's flow profile by
 * setting the rate, starting with a fill, stopping with a drain, following the bellows taper
 * on its cadence, and reconciles from the pump's own total. No syringe-pump driver was in this
 * build when written, so the pump here is a small fake (support/fake-rate-pump.ts) that
 * integrates its rate on the same VirtualClock as the controller (the 'virtual' time mode).
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/model/clock.ts';
import { DEFAULT_PUMP_PROFILE } from '../../src/model/index.ts';
import { parseScenario, scenarioStartAtMs } from '../../src/lifecycle/index.ts';
import { playScenario } from '../../src/controller/index.ts';
import { FakeRatePump } from './support/fake-rate-pump.ts';

class FakeSyringePump extends FakeRatePump {
  deliveredMl = 0;
  protected deliver(ml: number): void {
    this.deliveredMl += ml;
  }
  async readDeliveredMl() {
    this.command();
    return this.deliveredMl;
  }
}

describe('rate-settable device (syringe-pump mode)', () => {
  it('follows the model flow through fill, a fever, the taper and a drain, and reconciles', async () => {
    // A fever from day 3 to day 5, between a saline fill and a drain.
    const fever = [
      { day: 3, type: 'ENV', tempC: 39.5 },
      { day: 5, type: 'ENV', tempC: 37 },
    ];
    const scenario = parseScenario({
      startAt: '2026-01-05T09:00:00Z',
      days: 34,
      steps: [{ day: 0, type: 'FILL', infusate: 'saline', volumeMl: 30 }, ...fever, { day: 33, type: 'DRAIN' }],
    });
    const clock = new VirtualClock(scenarioStartAtMs(scenario));
    const pump = new FakeSyringePump(clock);
    const progress: number[] = [];
    const result = await playScenario({
      device: pump,
      profile: DEFAULT_PUMP_PROFILE,
      scenario,
      clock,
      onProgress: (p) => progress.push(p.rateMlPerDay),
    });
    expect(result.mode).toBe('virtual');
    expect(pump.log[0]).toMatch(/^rate /);
    expect(pump.log[1]).toBe('start');
    expect(pump.log.at(-1)).toBe('stop');
    // The fever raised the rate, and the taper brought it down in many small steps.
    const rates = pump.log.filter((l) => l.startsWith('rate ')).map((l) => Number(l.slice(5)));
    expect(Math.max(...rates)).toBeGreaterThan(rates[0] ?? 0);
    expect(rates.length).toBeGreaterThan(10);
    expect(progress.length).toBeGreaterThan(30);
    // Hourly re-evaluation of a taper: within tolerance of the model's closed form.
    expect(result.deviations).toBe(0);
    expect(result.reconciliation.withinTolerance).toBe(true);
    expect(result.reconciliation.deviceDeliveredMl).toBeCloseTo(pump.deliveredMl, 9);
  });
});
