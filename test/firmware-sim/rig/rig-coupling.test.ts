import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/model/clock.ts';
import { findPumpModel } from '../../../src/devices/syringes.ts';
import { Beaker } from '../../../firmware-sim/personalities/mtsics/index.ts';
import { startInProcessMtSics } from '../../../firmware-sim/personalities/mtsics/in-process.ts';
import { startInProcessNe1000 } from '../../../firmware-sim/personalities/ne1000/in-process.ts';
import { deviceDeliverySource, fileDeliverySource, startDeliveryPublisher, withDeliveryError } from '../../../firmware-sim/rig/index.ts';
import { parseReplyOrThrow } from '../../../protocols/mtsics/index.ts';

const DENSITY = 0.99821;
const dir = mkdtempSync(join(tmpdir(), 'haipump-rig-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function massOf(line: string | undefined): number {
  const reply = parseReplyOrThrow(line ?? '');
  if (reply.kind !== 'weight') throw new Error(`not a weight: ${line}`);
  return reply.valueG;
}

describe('rig: the balance weighs what the pump delivers', () => {
  it('in one process: collected mass tracks the NE-1000 delivered volume × density within a drop and noise', () => {
    const clock = new VirtualClock(0);
    const pump = startInProcessNe1000({ limits: findPumpModel('ne1000'), clock });
    const beaker = new Beaker({
      source: deviceDeliverySource(pump.device, (s) => s.infusedNl / 1e6),
      densityGPerMl: DENSITY,
      containerG: 80,
    });
    const balance = startInProcessMtSics({ clock, beaker });
    // The first command after power-up is answered A?R and not executed: send it again [M].
    for (const command of ['RAT 12 MH', 'RAT 12 MH', 'RUN']) pump.sendBasic(command);
    const startG = massOf(balance.send('SI')[0]);
    for (let minute = 1; minute <= 30; minute++) {
      balance.advance(60_000);
      const collectedG = massOf(balance.send('SI')[0]) - startG;
      const deliveredG = (pump.device.state().infusedNl / 1e6) * DENSITY;
      // One drop (≤ 50 mg) may hang at the tip, plus a settling transient and noise.
      expect(deliveredG - collectedG).toBeGreaterThan(-0.001);
      expect(deliveredG - collectedG).toBeLessThan(0.052);
    }
    expect(pump.device.state().infusedNl / 1e6).toBeCloseTo(6, 2);
  });

  it('a delivery error makes the beaker collect that much more than the pump counts', () => {
    const source = withDeliveryError({ deliveredMlAt: () => 10 }, 3);
    expect(source.deliveredMlAt(0)).toBeCloseTo(10.3, 12);
  });

  it('across processes: a published delivery file is read and extrapolated at the published rate', () => {
    const path = join(dir, 'delivery.json');
    let wallMs = 1_000_000;
    let deliveredMl = 0;
    const publisher = startDeliveryPublisher({ path, deliveredMl: () => deliveredMl, speed: 10, periodMs: 1_000_000, now: () => wallMs });
    try {
      wallMs += 1000; // 1 s real = 10 s world at speed 10
      deliveredMl = 0.1; // 0.1 mL in 10 s = 36 mL/h
      publisher.publish();
      const source = fileDeliverySource(path, { cacheMs: 0, now: () => wallMs });
      expect(source.deliveredMlAt(0)).toBeCloseTo(0.1, 9);
      wallMs += 500; // 5 s more of world time at 36 mL/h = 0.05 mL
      expect(source.deliveredMlAt(0)).toBeCloseTo(0.15, 9);
    } finally {
      publisher.stop();
    }
  });
});
