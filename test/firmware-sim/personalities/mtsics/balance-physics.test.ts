import { describe, expect, it } from 'vitest';
import { Beaker, constantFlow } from '../../../../firmware-sim/personalities/mtsics/index.ts';
import { startInProcessMtSics } from '../../../../firmware-sim/personalities/mtsics/in-process.ts';
import { parseReplyOrThrow } from '../../../../protocols/mtsics/index.ts';

const weightOf = (line: string | undefined): number => {
  const reply = parseReplyOrThrow(line ?? '');
  if (reply.kind !== 'weight') throw new Error(`not a weight: ${line}`);
  return reply.valueG;
};

describe('simulated balance physics', () => {
  it('lands liquid in discrete drops of 20-50 mg', () => {
    const beaker = new Beaker({ source: constantFlow(6), noiseSdMg: 0, settleMs: 0 });
    const steps: number[] = [];
    let previous = beaker.trueMassG(0);
    for (let t = 1000; t <= 600_000; t += 1000) {
      const mass = beaker.trueMassG(t);
      if (mass > previous) steps.push(mass - previous);
      previous = mass;
    }
    expect(steps.length).toBeGreaterThan(10);
    for (const step of steps) {
      expect(step).toBeGreaterThanOrEqual(0.02 - 1e-9);
      expect(step).toBeLessThanOrEqual(0.05 + 1e-9);
    }
  });

  it('evaporates from open water, not under an oil layer', () => {
    const open = new Beaker({ oilLayer: false, evaporationMgPerMin: 2, noiseSdMg: 0 });
    const oiled = new Beaker({ oilLayer: true, evaporationMgPerMin: 2, noiseSdMg: 0 });
    expect(open.trueMassG(60 * 60_000)).toBeCloseTo(100 - 0.12, 9);
    expect(oiled.trueMassG(60 * 60_000)).toBe(100);
  });

  it('S waits for the reading to settle after a drop; S I when it never settles', () => {
    const beaker = new Beaker({ source: constantFlow(6), settleMs: 3000 });
    const balance = startInProcessMtSics({ beaker, stabilityTimeoutMs: 10_000 });
    // Advance to just after a drop lands, then ask for a stable weight.
    let now = 0;
    while (beaker.settlesAtMs() < now || beaker.settlesAtMs() === -Infinity) {
      now += 100;
      balance.advance(100);
      beaker.trueMassG(now);
    }
    expect(balance.send('S')).toEqual([]);
    const replies = balance.advance(3100);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/^S S /);
    beaker.vibrationSdMg = 3;
    expect(balance.send('S')).toEqual([]);
    expect(balance.advance(10_100)).toEqual(['S I']);
  });

  it('rounds to the readability (0.1 mg) and overloads above capacity', () => {
    const beaker = new Beaker({ noiseSdMg: 0.05 });
    const balance = startInProcessMtSics({ beaker });
    const mass = weightOf(balance.send('SI')[0]);
    expect(Math.round(mass * 1e4) / 1e4).toBe(mass);
    beaker.extraG = 120.1;
    expect(balance.send('SI')).toEqual(['S +']);
  });
});
