/**
 * Issue 4 item 6: the lifecycle's flow profile played on a syringe pump, compressed in time.
 * `haipump run --device ne1000:PATH --speed 600` against `haipump sim --personality ne1000 --pty`
 * (both child processes, real serialport bindings): the rates sent follow the model through a
 * fever episode, and the pump's own totals reconcile with the model.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simRig } from './support/sim-rig.ts';
import { runCliAsync } from '../support/cli.ts';

const SCENARIO = fileURLToPath(new URL('../../scenarios/bench-fever.yaml', import.meta.url));
const rig = simRig('haipump-ne-run-');

describe('haipump run on an NE-1000 at --speed 600', () => {
  it('sends the model rate × 600 through a fever and reconciles delivered volume', async () => {
    const sim = await rig.startSim(['--personality', 'ne1000', '--speed', '1']);
    const traffic = rig.path('traffic.jsonl');
    const run = await runCliAsync([
      'run',
      '--device',
      `ne1000:${sim.port}@19200`,
      '--speed',
      '600',
      '--scenario',
      SCENARIO,
      '--syringe',
      'bd-plastipak-60ml',
      '--json',
      '--traffic-log',
      traffic,
    ]);
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout) as {
      mode: string;
      deviations: number;
      reconciliation: { deviceDeliveredMl: number; modelDeliveredMl: number; withinTolerance: boolean };
    };
    expect(doc.mode).toBe('scaled');
    expect(doc.deviations).toBe(0);
    expect(doc.reconciliation.withinTolerance).toBe(true);

    // Rates as the pump received them: `0RAT<value>UM` (µL/min).
    const ratesUlPerMin = readFileSync(traffic, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { dir: string; text?: string })
      .filter((e) => e.dir === 'tx')
      .map((e) => /RAT([\d.]+)UM/.exec(e.text ?? '')?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number);
    // Worked by hand: 1.0 mL/day × 600 = 600 mL/day = 416.67 µL/min at 37 °C; at 39.5 °C the
    // flow is (1155·1.025^2.5 − 855)/300 / 0.98^2.5 = 1.3097× that.
    const base = (1.0 * 600 * 1000) / 1440;
    const fever = base * ((1155 * 1.025 ** 2.5 - 855) / 300 / 0.98 ** 2.5);
    expect(ratesUlPerMin).toHaveLength(3);
    expect(ratesUlPerMin[0]).toBeCloseTo(base, 0);
    expect(ratesUlPerMin[1]).toBeCloseTo(fever, 0);
    expect(ratesUlPerMin[2]).toBeCloseTo(base, 0);
    // The pump's own totals (DIS), in model mL, against the model's delivered volume: at 600×
    // each real second of command latency is ten model minutes, so allow 8 % of ~0.093 mL.
    const { deviceDeliveredMl, modelDeliveredMl } = doc.reconciliation;
    expect(modelDeliveredMl).toBeGreaterThan(0.09);
    expect(Math.abs(deviceDeliveredMl - modelDeliveredMl) / modelDeliveredMl).toBeLessThan(0.08);
  }, 120_000);
});
