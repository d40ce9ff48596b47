/**
 * A device that does not do what the model says must raise FAULT device-deviation: a leak
 * (shows in the reservoir, not in the delivered counter) and a blocked catheter (shows in the
 * delivered counter), injected behind the controller's back on the emulator's plant.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PUMP_PROFILE } from '../../src/model/index.ts';
import { parseScenario } from '../../src/lifecycle/index.ts';
import { playScenario } from '../../src/controller/index.ts';
import { startInProcessRig, type InProcessRig } from './support/in-process.ts';

const profile = DEFAULT_PUMP_PROFILE;
const scenario = parseScenario({
  startAt: '2026-01-05T09:00:00Z',
  days: 6,
  steps: [{ day: 0, type: 'FILL', infusate: 'saline', volumeMl: 30 }],
});

const rigs: InProcessRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close();
});

async function runWith(breakPlant: (rig: InProcessRig) => void) {
  const rig = await startInProcessRig();
  rigs.push(rig);
  breakPlant(rig);
  return playScenario({ device: rig.device, profile, scenario });
}

const deviationAlarms = (result: Awaited<ReturnType<typeof runWith>>) =>
  result.simulation.events.filter((e) => e.type === 'alarm' && e.detail?.code === 'DEVICE_DEVIATION');

describe('device-deviation alarm', () => {
  it('stays silent when the device follows the model', async () => {
    const result = await runWith(() => undefined);
    expect(result.deviations).toBe(0);
    expect(deviationAlarms(result)).toHaveLength(0);
  });

  it('is raised once for a leak, with the reservoir numbers', async () => {
    const result = await runWith(({ firmware }) => {
      firmware.plant.leakActive = true;
      firmware.plant.leakMlPerDay = 0.5;
    });
    expect(result.deviations).toBe(1);
    const alarms = deviationAlarms(result);
    expect(alarms).toHaveLength(1);
    expect(String(alarms[0]?.detail?.cause)).toMatch(/reservoir \d+\.\d{4} vs \d+\.\d{4} mL/);
    const first = result.comparisons.find((c) => !c.withinTolerance);
    expect(first?.reservoirDiffMl).toBeLessThan(-0.05);
    // Delivery itself was right: the leak's volume never reached the catheter.
    expect(Math.abs(first?.deliveredDiffMl ?? 1)).toBeLessThan(0.05);
  });

  it('is raised for a partly blocked catheter at the first comparison after the fill', async () => {
    // 40 % blocked: below the emulator's own occlusion alarm (>= 50 %), so only the host can tell.
    const result = await runWith(({ firmware }) => {
      firmware.plant.occlusionActive = true;
      firmware.plant.occlusionFraction = 0.4;
    });
    expect(result.deviations).toBe(1);
    const first = result.comparisons.find((c) => !c.withinTolerance);
    expect(first?.day).toBe(1);
    expect(first?.deviceDeliveredMl).toBeCloseTo(0.6 * (first?.modelDeliveredMl ?? 0), 3);
    expect(deviationAlarms(result)[0]?.detail?.cause).toMatch(/^device delivered \d+\.\d{4} vs model \d+\.\d{4} mL/);
    expect(result.reconciliation.withinTolerance).toBe(false);
  });
});
