/**
 * `haipump run` exits 1 when the device disagrees with the model, and its JSON says why. The
 * disagreement is the real one from the issue: an emulator that still holds the previous run's
 * fill in its NVM file, so the second run starts on a full pump while the model starts empty.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runVerdict } from '../../src/controller/index.ts';
import type { ControllerResult } from '../../src/controller/index.ts';
import { simRig } from '../controller/support/sim-rig.ts';
import { runInProcess } from '../support/cli.ts';

const SCENARIO = fileURLToPath(new URL('../../scenarios/refill-cycle.yaml', import.meta.url));
const rig = simRig('haipump-verdict-');

interface Verdict {
  ok: boolean;
  reasons: string[];
}

describe('haipump run: green means right', () => {
  it("a second run on an emulator that kept the first run's fill exits 1, and the JSON says why", async () => {
    const sim = await rig.startSim(['--nvm', rig.path('pump.nvm')]);
    const first = await runInProcess(['run', '--device', `hai:${sim.port}`, '--scenario', SCENARIO, '--json']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect((JSON.parse(first.stdout) as { verdict: Verdict }).verdict).toEqual({ ok: true, reasons: [] });

    const second = await runInProcess(['run', '--device', `hai:${sim.port}`, '--scenario', SCENARIO, '--json']);
    expect(second.status).toBe(1);
    const doc = JSON.parse(second.stdout) as { verdict: Verdict; deviations: number; reconciliation: { withinTolerance: boolean } };
    expect(doc.verdict.ok).toBe(false);
    expect(doc.deviations).toBeGreaterThan(0);
    expect(doc.reconciliation.withinTolerance).toBe(false);
    expect(doc.verdict.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\d+ device deviation\(s\)/),
        expect.stringMatching(/^final reconciliation out of tolerance: /),
      ]),
    );

    const text = await runInProcess(['run', '--device', `hai:${sim.port}`, '--scenario', SCENARIO]);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/^verdict: WRONG: .*final reconciliation out of tolerance/m);
  });
});

describe('runVerdict', () => {
  const agreeing: ControllerResult = {
    identity: { model: 'HAI-30', firmware: '1', serial: 'S' },
    mode: 'lockstep',
    simulation: {} as ControllerResult['simulation'],
    comparisons: [
      {
        atMs: 0,
        day: 0,
        why: 'start',
        deviceDeliveredMl: 0,
        modelDeliveredMl: 0,
        deliveredDiffMl: 0,
        deviceReservoirMl: 30,
        modelReservoirMl: 30,
        reservoirDiffMl: 0,
        withinTolerance: true,
      },
    ],
    ledger: [{ fromMs: 0, toMs: 1, deltaMl: 1 }],
    reconciliation: {
      counterStartMl: 0,
      counterEndMl: 1,
      deviceDeliveredMl: 1,
      modelDeliveredMl: 1,
      differenceMl: 0,
      ledgerMl: 1,
      withinTolerance: true,
    },
    linkEpisodes: [],
    restarts: [],
    deviations: 0,
    deviceEvents: [],
    notes: [],
  };

  it('is ok only when nothing disagreed', () => {
    expect(runVerdict(agreeing)).toEqual({ ok: true, reasons: [] });
  });

  it('a ledger that does not add up to the counter is a gap or a double count, even within tolerance', () => {
    const doubled = { ...agreeing, reconciliation: { ...agreeing.reconciliation, ledgerMl: 1.5 } };
    expect(runVerdict(doubled)).toEqual({
      ok: false,
      reasons: ["the delivered-volume ledger (1.5000 mL) differs from the device's counter (1.0000 mL): a gap or a double count"],
    });
  });

  it('a lost link never restored is wrong too', () => {
    const lost = { ...agreeing, linkEpisodes: [{ atMs: 5, detail: 'unplugged', restoredAtMs: null }] };
    expect(runVerdict(lost).reasons).toEqual(['the link was lost 1 time(s) and not restored']);
  });
});
