import { describe, expect, it } from 'vitest';
import { timeAxisEndMin, timeX } from '../../../src/accuracy/charts/time-axis.ts';

describe('time axis', () => {
  it('ends at the last finite time, not at a rounded or fixed one', () => {
    expect(timeAxisEndMin([0.5, 1, 61.5, Number.NaN], 120)).toBe(61.5);
    expect(timeX('atMin', 61.5)).toMatchObject({ scale: { domain: [0, 61.5], nice: false } });
  });
  it('without data it spans the period end; a zero-length run gets one minute', () => {
    expect(timeAxisEndMin([], 120)).toBe(120);
    expect(timeAxisEndMin([0], 0)).toBe(1);
  });
});
