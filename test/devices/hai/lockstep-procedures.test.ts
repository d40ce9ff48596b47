/**
 * The HAI driver and the controller in lockstep virtual time, against the emulator whose fill,
 * drain and bolus now take the profile's procedure durations and whose flow drifts with age:
 * device and model must still agree to ~0 over the tour, the refill cycle, and a year-long
 * cycle on a drifting unit, and the device must visit its FILLING, DRAINING and BOLUS states
 * (seen as `!DONE` procedure events).
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PUMP_PROFILE, type PumpProfile } from '../../../src/model/index.ts';
import { loadScenarioFile, parseScenario, type Scenario } from '../../../src/lifecycle/index.ts';
import { playScenario } from '../../../src/controller/index.ts';
import { startInProcessRig, type InProcessRig } from '../../controller/support/in-process.ts';

const rigs: InProcessRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close();
});

async function play(scenario: Scenario, profile: PumpProfile = DEFAULT_PUMP_PROFILE) {
  const rig = await startInProcessRig({ profile });
  rigs.push(rig);
  const result = await playScenario({ device: rig.device, profile, scenario });
  const procedures = result.deviceEvents.flatMap((e) => (e.type === 'procedure-done' ? [e.detail.procedure] : []));
  return { result, procedures };
}

const scenarioFile = (name: string): string => fileURLToPath(new URL(`../../../scenarios/${name}`, import.meta.url));

describe('lockstep with timed procedures', () => {
  it('the refill cycle: FILL, DRAIN, FILL procedures, difference ~0, no deviation', async () => {
    const { result, procedures } = await play(loadScenarioFile(scenarioFile('refill-cycle.yaml')));
    expect(procedures).toEqual(['FILL', 'DRAIN', 'FILL']);
    expect(result.deviations).toBe(0);
    expect(Math.abs(result.reconciliation.differenceMl)).toBeLessThan(0.001);
    expect(result.notes.filter((n) => n.includes('did not take it'))).toEqual([]);
  });

  it('the tour: every procedure kind, the bolus included, difference ~0', async () => {
    const { result, procedures } = await play(loadScenarioFile(scenarioFile('tour.yaml')));
    expect(new Set(procedures)).toEqual(new Set(['FILL', 'DRAIN', 'BOLUS']));
    expect(Math.abs(result.reconciliation.differenceMl)).toBeLessThan(0.001);
    expect(result.deviations).toBe(0);
  }, 60_000);

  it('a drifting unit (+8 %/year) over a year of refills stays in step with the model', async () => {
    const profile = { ...DEFAULT_PUMP_PROFILE, driftFractionPerYear: 0.08 };
    const steps: Scenario['steps'] = [];
    for (let cycle = 0; cycle < 13; cycle++) {
      const day = cycle * 28;
      steps.push({ day, type: 'FILL', infusate: 'heparinized-saline', volumeMl: cycle === 0 ? 30 : 29 } as Scenario['steps'][number]);
      steps.push({ day: day + 27.9, type: 'DRAIN' } as Scenario['steps'][number]);
    }
    const scenario = parseScenario({ startAt: '2026-01-05T09:00:00Z', days: 364, steps });
    const { result, procedures } = await play(scenario, profile);
    expect(procedures.filter((p) => p === 'FILL')).toHaveLength(13);
    expect(result.deviations).toBe(0);
    expect(Math.abs(result.reconciliation.differenceMl)).toBeLessThan(0.001);
    // Drift is real: the last cycle delivered more than the first (same fill, same conditions).
    const drains = result.simulation.events.filter((e) => e.type === 'drain').map((e) => Number(e.detail?.returnedMl));
    expect((drains.at(0) ?? 0) - (drains.at(-1) ?? 0)).toBeGreaterThan(1);
  }, 60_000);
});
