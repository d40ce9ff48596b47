import { describe, expect, it } from 'vitest';
import { MS_PER_DAY } from '../../src/model/index.ts';
import { loadProfile } from '../../src/profiles/load.ts';
import {
  DrainError,
  detectTrend,
  measureDrain,
  predictFlow,
  pumpFlags,
  remindReport,
  type PumpSnapshot,
} from '../../src/schedule/index.ts';

const profile = loadProfile('codman-3000-30ml'); // residual 1 mL, taper from 1.5 mL, flag 15 %, fault 20 %
const t0 = Date.UTC(2026, 0, 5, 9);
/** A 30 mL fill at t0 predicted at 1 mL/day, drained `afterMs` later with `returnedMl` back. */
const drainAfter = (afterMs: number, returnedMl: number) =>
  measureDrain(profile, { fillAtMs: t0, fillContentMl: 30, fillPredictedFlowMlPerDay: 1, atMs: t0 + afterMs, returnedMl });

describe('measureDrain', () => {
  it('measured flow = (content − residual − returned) / days, compared with the prediction', () => {
    // 30 mL content, 1 mL stays, 15 mL back after 14 days: 14 mL / 14 d = 1.000 mL/day.
    const d = drainAfter(14 * MS_PER_DAY, 15);
    expect(d.measuredFlowMlPerDay).toBeCloseTo(1, 12);
    expect(d.deviationFraction).toBeCloseTo(0, 12);
    expect(d.level).toBe('ok');
    expect(d.predictedReturnedMl).toBeCloseTo(15, 12);
    expect(d.reachedTaper).toBe(false);
  });

  it('flags beyond 15 % and faults beyond 20 %', () => {
    // 8.4 mL out in 10 d = 0.84 (−16 %) → flag; 7.5 mL = 0.75 (−25 %) → fault; 8.6 = −14 % → ok.
    const m = (returnedMl: number) => drainAfter(10 * MS_PER_DAY, returnedMl);
    expect(m(20.6).level).toBe('flag');
    expect(m(21.5).level).toBe('fault');
    expect(m(20.4).level).toBe('ok');
    expect(m(20.6).deviationFraction).toBeCloseTo(-0.16, 12);
  });

  it('rejects more back than the reservoir held, and a drain not after the fill', () => {
    expect(() => drainAfter(MS_PER_DAY, 30.5)).toThrow(DrainError);
    expect(() => drainAfter(0, 1)).toThrow(DrainError);
  });

  it('a nearly empty return means the pump reached its taper: no flow figure to trust, and no negative flow', () => {
    const d = drainAfter(40 * MS_PER_DAY, 0.2);
    expect(d.reachedTaper).toBe(true);
    const none = drainAfter(MS_PER_DAY, 29.5);
    expect(none.measuredFlowMlPerDay).toBe(0);
    expect(none.level).toBe('fault');
  });
});

describe('predictFlow', () => {
  it('nominal without history, viscosity-scaled per infusate', () => {
    expect(predictFlow(profile, [], 'heparinized-saline')).toMatchObject({ flowMlPerDay: 1, basis: 'nominal', measurements: 0 });
    expect(predictFlow(profile, [], 'glycerin').flowMlPerDay).toBeCloseTo(0.7 / 1.54, 12);
  });

  it('weights the newest three measured flows 3:2:1 after normalising each fluid', () => {
    const history = [
      { atMs: t0, infusate: 'heparinized-saline' as const, measuredFlowMlPerDay: 0.5 }, // oldest of four: ignored
      { atMs: t0 + 1, infusate: 'heparinized-saline' as const, measuredFlowMlPerDay: 0.9 },
      { atMs: t0 + 2, infusate: 'glycerin' as const, measuredFlowMlPerDay: 0.5 * (0.7 / 1.54) }, // = 0.5 in saline terms
      { atMs: t0 + 3, infusate: 'saline' as const, measuredFlowMlPerDay: 1.1 },
    ];
    const p = predictFlow(profile, history, 'heparinized-saline');
    expect(p.basis).toBe('measured');
    expect(p.measurements).toBe(3);
    expect(p.calibrationFlowMlPerDay).toBeCloseTo((3 * 1.1 + 2 * 0.5 + 1 * 0.9) / 6, 12);
    expect(predictFlow(profile, history, 'fudr').flowMlPerDay).toBeCloseTo(p.calibrationFlowMlPerDay * (0.7 / 0.72), 12);
  });
});

describe('detectTrend', () => {
  const pts = (flows: number[]) => flows.map((f, i) => ({ atMs: t0 + i * 14 * MS_PER_DAY, calibrationFlowMlPerDay: f }));
  it('flags a monotone run of ≥ 3 refills moving more than the threshold per refill, with the numbers', () => {
    const flag = detectTrend(pts([1.0, 1.02, 0.98, 0.93, 0.88]));
    expect(flag).not.toBeNull();
    expect(flag?.direction).toBe('falling');
    expect(flag?.refills).toBe(4); // 1.02 → 0.98 → 0.93 → 0.88
    expect(flag?.flowsMlPerDay).toEqual([1.02, 0.98, 0.93, 0.88]);
    expect(flag?.totalChangeFraction).toBeCloseTo(0.88 / 1.02 - 1, 12);
    expect(flag?.meanChangeFractionPerRefill).toBeCloseTo((0.98 / 1.02 - 1 + (0.93 / 0.98 - 1) + (0.88 / 0.93 - 1)) / 3, 12);
  });

  it('stays quiet for small, short, or non-monotone changes', () => {
    expect(detectTrend(pts([1.0, 0.99, 0.98]))).toBeNull();
    expect(detectTrend(pts([1.0, 0.9]))).toBeNull();
    expect(detectTrend(pts([1.0, 0.9, 0.95]))).toBeNull();
    expect(detectTrend(pts([1.0, 0.99, 0.98]), { minRefills: 3, fractionPerRefill: 0.005 })?.direction).toBe('falling');
    expect(detectTrend(pts([0.9, 0.95, 1.0]))?.direction).toBe('rising');
  });
});

describe('remindReport', () => {
  const base = (id: string, fillAtMs: number, drained: boolean): PumpSnapshot => ({
    pumpId: id,
    label: null,
    profile,
    lastFill: {
      id: 1,
      atMs: fillAtMs,
      infusate: 'heparinized-saline',
      volumeMl: 30,
      contentMl: 30,
      predictedFlowMlPerDay: 1,
      drugDays: null,
    },
    recentDrains: drained
      ? [
          {
            id: 9,
            fillId: 1,
            atMs: fillAtMs + 20 * MS_PER_DAY,
            infusate: 'heparinized-saline',
            returnedMl: 9,
            measuredFlowMlPerDay: 1,
            predictedFlowMlPerDay: 1,
            deviationFraction: 0,
            level: 'ok',
            reachedTaper: false,
          },
        ]
      : [],
  });

  it('exit 0/1/2 by the worst item; a drained pump is due for a fill at once; an idle pump has nothing', () => {
    const at = t0 + 24 * MS_PER_DAY; // a 30 mL fill at t0 is due at t0 + 25 d
    const idle: PumpSnapshot = { pumpId: 'I', label: null, profile, lastFill: null, recentDrains: [] };
    expect(remindReport([base('A', t0, false), idle], { atMs: at - 3 * MS_PER_DAY, withinMs: MS_PER_DAY }).exitStatus).toBe(0);
    const due = remindReport([base('A', t0, false), idle], { atMs: at, withinMs: 3 * MS_PER_DAY });
    expect(due.exitStatus).toBe(1);
    expect(due.idlePumpIds).toEqual(['I']);
    expect(remindReport([base('A', t0, false)], { atMs: at + 2 * MS_PER_DAY, withinMs: MS_PER_DAY }).exitStatus).toBe(2);
    const drained = remindReport([base('D', t0, true)], { atMs: t0 + 20 * MS_PER_DAY + 1, withinMs: MS_PER_DAY });
    expect(drained.items[0]).toMatchObject({ kind: 'fill', reason: 'drained', status: 'overdue' });
    expect(drained.exitStatus).toBe(2);
  });

  it('an acknowledgement silences "due" but never "overdue"', () => {
    const item = remindReport([base('A', t0, false)], { atMs: t0, withinMs: 30 * MS_PER_DAY }).items[0];
    if (item === undefined) throw new Error('no item');
    const acks = new Map([[`A\u0000refill\u0000${item.dueAtMs}`, t0]]);
    expect(remindReport([base('A', t0, false)], { atMs: item.dueAtMs - MS_PER_DAY, withinMs: 3 * MS_PER_DAY, acks }).exitStatus).toBe(0);
    expect(remindReport([base('A', t0, false)], { atMs: item.dueAtMs + 1, withinMs: 3 * MS_PER_DAY, acks }).exitStatus).toBe(2);
  });

  it('pumpFlags reports the newest drain deviation with its numbers', () => {
    const s = base('A', t0, true);
    s.recentDrains[0] = {
      ...(s.recentDrains[0] as NonNullable<(typeof s.recentDrains)[0]>),
      measuredFlowMlPerDay: 0.75,
      deviationFraction: -0.25,
      level: 'fault',
    };
    const flags = pumpFlags(s);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: 'deviation', level: 'fault' });
    expect(flags[0]?.message).toContain('-25.0 %');
  });
});
