/**
 * Rate-settable devices (syringe pumps): the controller plays the model's flow profile by
 * setting the rate, starting with a fill, stopping with a drain, following the bellows taper
 * on its cadence, and reconciles from the pump's own total. No syringe-pump driver was in this
 * build when written, so the pump here is a small fake that integrates its rate on the same
 * VirtualClock as the controller (the 'virtual' time mode).
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/model/clock.ts';
import { DEFAULT_PUMP_PROFILE, MS_PER_DAY } from '../../src/model/index.ts';
import { parseScenario, scenarioStartAtMs } from '../../src/lifecycle/index.ts';
import type { DeviceCapabilities, PumpDevice } from '../../src/devices/pump-device.ts';
import { playScenario } from '../../src/controller/index.ts';

class FakeSyringePump implements PumpDevice {
  readonly kind = 'ne1000' as const;
  readonly capabilities: DeviceCapabilities = {
    fixedRate: false,
    reservoir: false,
    simulatedTime: false,
    environment: false,
    faults: false,
  };
  rateMlPerDay = 0;
  running = false;
  deliveredMl = 0;
  private lastMs: number;
  readonly log: string[] = [];
  constructor(private readonly clock: VirtualClock) {
    this.lastMs = clock.now();
  }
  private integrate(): void {
    const now = this.clock.now();
    if (this.running) this.deliveredMl += (this.rateMlPerDay * (now - this.lastMs)) / MS_PER_DAY;
    this.lastMs = now;
  }
  async identify() {
    return { model: 'FAKE', firmware: '0' };
  }
  async status() {
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
    this.integrate();
    this.rateMlPerDay = rateMlPerDay;
    this.log.push(`rate ${rateMlPerDay.toFixed(4)}`);
  }
  async start() {
    this.integrate();
    this.running = true;
    this.log.push('start');
  }
  async stop() {
    this.integrate();
    this.running = false;
    this.log.push('stop');
  }
  async readDeliveredMl() {
    this.integrate();
    return this.deliveredMl;
  }
  async close() {}
}

describe('rate-settable device (syringe-pump mode)', () => {
  it('follows the model flow through fill, a fever, the taper and a drain, and reconciles', async () => {
    const scenario = parseScenario({
      startAt: '2026-01-05T09:00:00Z',
      days: 34,
      steps: [
        { day: 0, type: 'FILL', infusate: 'saline', volumeMl: 30 },
        { day: 3, type: 'ENV', tempC: 39.5 },
        { day: 5, type: 'ENV', tempC: 37 },
        { day: 33, type: 'DRAIN' },
      ],
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
