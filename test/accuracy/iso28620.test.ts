import { describe, expect, it } from 'vitest';
import { checkIso28620, type FlowSample } from '../../src/accuracy/index.ts';

/** Flow samples of 1 h each, so each interval's volume (mL) equals its flow (mL/h). */
function hourly(flows: number[]): FlowSample[] {
  return flows.map((flowMlPerH, i) => ({ fromS: i * 3600, toS: (i + 1) * 3600, flowMlPerH }));
}

describe('ISO 28620 checks (nominal 1 mL/h)', () => {
  it('pass: +10 % mean, everything within ±50 %', () => {
    const result = checkIso28620(hourly([1.1, 1.1, 1.1, 1.1]), 1);
    expect(result.meanErrorPct).toBeCloseTo(10, 10);
    expect(result.inBandPct).toBeCloseTo(100, 10);
    expect(result).toMatchObject({ meanPass: true, inBandPass: true, pass: true });
  });
  it('fail on the mean: −20 %', () => {
    const result = checkIso28620(hourly([0.8, 0.8, 0.8, 0.8]), 1);
    expect(result.meanErrorPct).toBeCloseTo(-20, 10);
    expect(result).toMatchObject({ meanPass: false, inBandPass: true, pass: false });
  });
  it('fail on the volume in band while the mean passes', () => {
    // volumes 0.4 + 1.6 + 1 + 1 = 4 mL; 0.4 (−60 %) and 1.6 (+60 %) are out of band: 2/4 = 50 % < 80 %
    const result = checkIso28620(hourly([0.4, 1.6, 1, 1]), 1);
    expect(result.meanErrorPct).toBeCloseTo(0, 10);
    expect(result.inBandMl).toBeCloseTo(2, 10);
    expect(result.inBandPct).toBeCloseTo(50, 10);
    expect(result).toMatchObject({ meanPass: true, inBandPass: false, pass: false });
  });
  it('the ±50 % band and the 80 % share are inclusive limits', () => {
    // 1 + 1 + 1 + 1.5 + 0.5 = 5 mL, all within ±50 % inclusive
    expect(checkIso28620(hourly([1, 1, 1, 1.5, 0.5]), 1).inBandPct).toBeCloseTo(100, 10);
    // volumes 8 × 1 mL in band + 2 mL at +100 % (out) + 0 → 8/10 = 80 %: exactly the limit, passes
    const edge = checkIso28620(hourly([1, 1, 1, 1, 1, 1, 1, 1, 2, 0]), 1);
    expect(edge.inBandPct).toBeCloseTo(80, 10);
    expect(edge.inBandPass).toBe(true);
  });
  it('negative (noise) intervals do not push the share over 100 %', () => {
    const result = checkIso28620(hourly([1, 1, -0.2, 1.2]), 1);
    expect(result.inBandPct).toBeLessThanOrEqual(100);
    expect(result.deliveredMl).toBeCloseTo(3.2, 10);
  });
});
