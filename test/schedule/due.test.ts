import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { MS_PER_DAY } from '../../src/model/index.ts';
import { loadProfile } from '../../src/profiles/load.ts';
import { classifyDue, infusateFlowFactor, parseTime, refillDue, reminderAtMs, TimeInputError } from '../../src/schedule/index.ts';

const profile = loadProfile('codman-3000-30ml'); // reserve 3 mL, margin 2 d, nominal 1.0 mL/day for heparinized saline
const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';
const local = (iso: string, zone: string): number => DateTime.fromISO(iso, { zone }).toMillis();
const inZone = (ms: number, zone: string): string => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? '';

describe('refill due: hand-worked dates', () => {
  it('30 mL at 1.0 mL/day, reserve 3 mL: 27 days to the reserve, due 2 days before; across the US DST start', () => {
    // 2026-03-01 09:00 EST = 14:00Z. (30 − 3) mL / 1.0 mL/day = 27 d → 2026-03-28 14:00Z. US clocks spring
    // forward on 2026-03-08, so that instant reads 10:00 EDT: elapsed time is physical, not wall-clock.
    const atMs = local('2026-03-01T09:00', NY);
    expect(new Date(atMs).toISOString()).toBe('2026-03-01T14:00:00.000Z');
    const due = refillDue(profile, { atMs, contentMl: 30, predictedFlowMlPerDay: 1.0, drugDays: null });
    expect(inZone(due.reserveAtMs, NY)).toBe('2026-03-28T10:00:00-04:00');
    expect(inZone(due.dueAtMs, NY)).toBe('2026-03-26T10:00:00-04:00');
    expect(due.reason).toBe('reserve');
    expect(due.marginDays).toBe(2);
    // The calendar reminder goes back to 09:00 local on the due day: the same wall-clock hour as the fill.
    expect(inZone(reminderAtMs(due.dueAtMs, NY, 9), NY)).toBe('2026-03-26T09:00:00-04:00');
    expect(new Date(reminderAtMs(due.dueAtMs, NY, 9)).toISOString()).toBe('2026-03-26T13:00:00.000Z');
  });

  it('the same fill in Berlin across the EU DST start (2026-03-29)', () => {
    // 2026-03-20 09:00 CET = 08:00Z; +27 d = 2026-04-16 08:00Z = 10:00 CEST; due 2026-04-14 10:00 CEST.
    const atMs = local('2026-03-20T09:00', BERLIN);
    const due = refillDue(profile, { atMs, contentMl: 30, predictedFlowMlPerDay: 1.0, drugDays: null });
    expect(inZone(due.reserveAtMs, BERLIN)).toBe('2026-04-16T10:00:00+02:00');
    expect(inZone(due.dueAtMs, BERLIN)).toBe('2026-04-14T10:00:00+02:00');
    expect(inZone(reminderAtMs(due.dueAtMs, BERLIN, 9), BERLIN)).toBe('2026-04-14T09:00:00+02:00');
  });

  it('a drug fill is due when its 14-day drug phase ends, well before the reserve', () => {
    // FUDR mixture viscosity 0.72 vs 0.70 mPa·s: 0.9722 mL/day; reserve after 27 / 0.9722 = 27.77 d.
    const atMs = local('2026-03-01T09:00', NY);
    const flow = infusateFlowFactor(profile, 'fudr');
    expect(flow).toBeCloseTo(0.7 / 0.72, 12);
    const due = refillDue(profile, { atMs, contentMl: 30, predictedFlowMlPerDay: flow, drugDays: 14 });
    expect(due.reason).toBe('drug-phase-end');
    expect(due.dueAtMs).toBe(atMs + 14 * MS_PER_DAY);
    expect(inZone(due.dueAtMs, NY)).toBe('2026-03-15T10:00:00-04:00');
    expect((due.reserveAtMs - atMs) / MS_PER_DAY).toBeCloseTo(27 / flow, 6);
  });

  it('glycerin runs at 0.45× and stretches the interval to ~59 days', () => {
    const factor = infusateFlowFactor(profile, 'glycerin');
    expect(factor).toBeCloseTo(0.7 / 1.54, 12);
    const atMs = Date.UTC(2026, 0, 5, 9);
    // 29 mL on top of the 1 mL residual: 30 mL; (30 − 3) / 0.4545 = 59.4 d; minus 2 d margin.
    const due = refillDue(profile, { atMs, contentMl: 30, predictedFlowMlPerDay: factor, drugDays: null });
    expect((due.dueAtMs - atMs) / MS_PER_DAY).toBeCloseTo(27 / factor - 2, 5);
  });

  it('a margin of 0 is due at the reserve; a fill already at the reserve is due at once', () => {
    const atMs = Date.UTC(2026, 5, 1);
    expect(refillDue(profile, { atMs, contentMl: 30, predictedFlowMlPerDay: 1, drugDays: null }, 0).dueAtMs).toBe(atMs + 27 * MS_PER_DAY);
    expect(refillDue(profile, { atMs, contentMl: 3, predictedFlowMlPerDay: 1, drugDays: null }).dueAtMs).toBe(atMs);
    expect(() => refillDue(profile, { atMs, contentMl: 30, predictedFlowMlPerDay: 1, drugDays: null }, -1)).toThrow(RangeError);
  });

  it('runs dry after the taper: below the reserve, later than it', () => {
    const atMs = Date.UTC(2026, 5, 1);
    const due = refillDue(profile, { atMs, contentMl: 30, predictedFlowMlPerDay: 1, drugDays: null });
    // linear to 1.5 mL (28.5 d), then τ = 1 d exponential down to 0.55 mL: ln(1/0.05) = 3.0 d more.
    expect((due.dryAtMs - atMs) / MS_PER_DAY).toBeCloseTo(28.5 + Math.log(20), 6);
  });
});

describe('classifyDue', () => {
  const at = Date.UTC(2026, 3, 1);
  it('overdue before now, due within the window (inclusive), upcoming beyond', () => {
    expect(classifyDue(at - 1, at, MS_PER_DAY)).toBe('overdue');
    expect(classifyDue(at, at, MS_PER_DAY)).toBe('due');
    expect(classifyDue(at + MS_PER_DAY, at, MS_PER_DAY)).toBe('due');
    expect(classifyDue(at + MS_PER_DAY + 1, at, MS_PER_DAY)).toBe('upcoming');
    expect(classifyDue(at + 1, at, 0)).toBe('upcoming');
  });
});

describe('local times and DST', () => {
  const now = Date.UTC(2026, 10, 1);
  it('parses local times in the zone, honours explicit offsets, and "now"', () => {
    expect(new Date(parseTime('2026-03-01T09:00', NY, now)).toISOString()).toBe('2026-03-01T14:00:00.000Z');
    expect(new Date(parseTime('2026-07-01T09:00', NY, now)).toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(new Date(parseTime('2026-03-01', BERLIN, now)).toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(new Date(parseTime('2026-03-01T09:00+01:00', NY, now)).toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(new Date(parseTime('2026-03-01T09:00Z', NY, now)).toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(parseTime('now', NY, now)).toBe(now);
  });

  it('rejects malformed times and local times skipped by DST', () => {
    expect(() => parseTime('yesterday', NY, now)).toThrow(TimeInputError);
    expect(() => parseTime('2026-13-01', NY, now)).toThrow(/malformed/);
    expect(() => parseTime('2026-03-08T02:30', NY, now)).toThrow(/does not exist/);
    expect(() => parseTime('2026-03-29T02:30', BERLIN, now)).toThrow(/does not exist/);
  });

  it('takes the earlier instant of a repeated hour (US fall-back 2026-11-01 01:30)', () => {
    expect(new Date(parseTime('2026-11-01T01:30', NY, now)).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('keeps reminders at the same local hour on both sides of a fall-back, never after the due time', () => {
    // Due 08:30 EST on the day clocks fall back: 09:00 that day is after it, so the reminder is 09:00 EDT the day before.
    const due = parseTime('2026-11-01T08:30', NY, now);
    const at = reminderAtMs(due, NY, 9);
    expect(inZone(at, NY)).toBe('2026-10-31T09:00:00-04:00');
    const later = reminderAtMs(parseTime('2026-11-02T12:00', NY, now), NY, 9);
    expect(inZone(later, NY)).toBe('2026-11-02T09:00:00-05:00');
    // 24 h after 09:00 EDT on Oct 31 is 08:00 EST on Nov 1: calendar arithmetic keeps 09:00 instead.
    expect(later - at).toBe(2 * MS_PER_DAY + 3_600_000);
  });
});
