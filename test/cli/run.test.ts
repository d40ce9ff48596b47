/**
 * `haipump run` as a user runs it (child processes): `--device sim` and `--device hai:PATH`
 * against `haipump sim --pty` both complete a refill cycle, and the device's delivered volume
 * is the closed form computed here; a silent or unsupported device is one line and exit != 0.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PUMP_PROFILE, MS_PER_DAY, fullFlowRateMlPerDay, remainingAfterMs, type InfusateName } from '../../src/model/index.ts';
import { startSimChild, type SimChild } from '../controller/support/sim-child.ts';
import { runCliAsync, type CliRun } from '../support/cli.ts';

const SCENARIO = fileURLToPath(new URL('../../scenarios/refill-cycle.yaml', import.meta.url));
const profile = DEFAULT_PUMP_PROFILE;

const deliveredMl = (infusate: InfusateName, startMl: number, ms: number): number =>
  startMl -
  remainingAfterMs(
    profile,
    { startVolumeMl: startMl, rateMlPerDay: fullFlowRateMlPerDay(profile, { ...profile.calibration, infusate }) },
    ms,
  );

/** The emulator fills at once and stops flowing while drained: fudr 13.95 d, then 30 mL saline 1.04 d. */
const expectedDeviceMl = deliveredMl('fudr', 30, 13.95 * MS_PER_DAY) + deliveredMl('heparinized-saline', 30, 1.04 * MS_PER_DAY);

interface RunJson {
  mode: string;
  device: { model: string; capabilities: { simulatedTime: boolean } };
  reconciliation: { deviceDeliveredMl: number; modelDeliveredMl: number; differenceMl: number; ledgerMl: number; withinTolerance: boolean };
  totals: { fills: number; drains: number };
  deviations: number;
  comparisons: { withinTolerance: boolean }[];
  events: { type: string; detail?: Record<string, unknown> }[];
}

function checkRefillCycle(run: CliRun): RunJson {
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const doc = JSON.parse(run.stdout) as RunJson;
  expect(doc.mode).toBe('lockstep');
  expect(doc.totals).toMatchObject({ fills: 2, drains: 1 });
  expect(doc.deviations).toBe(0);
  expect(doc.comparisons.every((c) => c.withinTolerance)).toBe(true);
  const r = doc.reconciliation;
  expect(r.deviceDeliveredMl).toBeCloseTo(expectedDeviceMl, 3);
  expect(r.ledgerMl).toBeCloseTo(r.deviceDeliveredMl, 9);
  expect(r.withinTolerance).toBe(true);
  // Model and firmware agree that a drained pump's residual is dead space: they match to 0.1 µL.
  expect(Math.abs(r.differenceMl)).toBeLessThan(1e-4);
  const drain = doc.events.find((e) => e.type === 'drain');
  const returned = 30 - deliveredMl('fudr', 30, 13.95 * MS_PER_DAY) - profile.residualAfterDrainMl;
  expect(Number(drain?.detail?.returnedMl)).toBeCloseTo(returned, 4);
  return doc;
}

let sim: SimChild | undefined;
afterAll(async () => {
  await sim?.stop();
});

describe('haipump run (child processes)', () => {
  it('--device sim completes a refill cycle and reconciles with the closed form', async () => {
    const run = await runCliAsync(['run', '--device', 'sim', '--scenario', SCENARIO, '--json']);
    checkRefillCycle(run);
  });

  it('--device hai:PATH against `haipump sim --pty` completes the same cycle with the same numbers', async () => {
    sim = await startSimChild();
    const run = await runCliAsync(['run', '--device', `hai:${sim.port}`, '--scenario', SCENARIO, '--json']);
    const doc = checkRefillCycle(run);
    expect(doc.device).toMatchObject({ model: 'HAI-30', capabilities: { simulatedTime: true } });
  });

  it('prints the timeline with device-vs-model lines and a reconciliation line', async () => {
    const run = await runCliAsync(['run', '--device', 'sim', '--scenario', SCENARIO]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/device vs model: delivered/);
    expect(run.stdout).toMatch(/^reconciliation: device delivered \d+\.\d{4} mL .* \(within tolerance\)$/m);
  });

  it('exits non-zero with one line for a port with no device, and for a malformed --device', async () => {
    const missing = await runCliAsync(['run', '--device', 'hai:/nonexistent/tty', '--scenario', SCENARIO]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^haipump: cannot open \/nonexistent\/tty/);
    const bad = await runCliAsync(['run', '--device', 'usb:/dev/ttyUSB0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
