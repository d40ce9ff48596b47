import { describe, expect, it } from 'vitest';
import { etaS } from '../../../src/dashboard/bench/eta.ts';

describe('etaS', () => {
  it('divides the device time left by the observed speed', () => {
    // 600 device s in 60 wall s is 10×; 3000 device s left take 300 real s.
    expect(etaS({ atS: 0, receivedAtMs: 5_000 }, { atS: 600, receivedAtMs: 65_000 }, 3600)).toBe(300);
    // Slower than real time (a balance that takes its time): 0.5×, 60 device s left take 120 s.
    expect(etaS({ atS: 30, receivedAtMs: 0 }, { atS: 90, receivedAtMs: 120_000 }, 150)).toBe(120);
  });

  it('is null without device time between the arrivals and never negative', () => {
    expect(etaS({ atS: 30, receivedAtMs: 0 }, { atS: 30, receivedAtMs: 0 }, 3600)).toBeNull();
    expect(etaS({ atS: 0, receivedAtMs: 0 }, { atS: 3630, receivedAtMs: 3_630_000 }, 3600)).toBe(0);
    expect(etaS({ atS: 0, receivedAtMs: 10_000 }, { atS: 60, receivedAtMs: 0 }, 3600)).toBe(0);
  });
});
