import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INFUSATE_NAMES } from '../../src/model/index.ts';
import { ALARM_CODES, FAULT_CAUSES, remainingAt, type ExternalEvent } from '../../src/lifecycle/index.ts';
import { conservation, rig, type Rig } from './harness.ts';

const eventArb: fc.Arbitrary<ExternalEvent> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('FILL' as const),
      infusate: fc.constantFrom(...INFUSATE_NAMES),
      volumeMl: fc.double({ min: 0.5, max: 32, noNaN: true }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('DRAIN' as const) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('DRAIN' as const), returnedMl: fc.double({ min: 0, max: 35, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('BOLUS' as const), volumeMl: fc.double({ min: 0.1, max: 15, noNaN: true }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('ENV' as const), tempC: fc.double({ min: 35, max: 41, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('ENV' as const), altitudeM: fc.double({ min: 0, max: 3000, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('FAULT' as const), cause: fc.constantFrom(...FAULT_CAUSES) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('ACK' as const), code: fc.constantFrom('ALL' as const, ...ALARM_CODES) }) },
);

const stepsArb = fc.array(fc.tuple(fc.double({ min: 0, max: 20, noNaN: true }), eventArb), { minLength: 1, maxLength: 25 });

function checkInvariants(r: Rig): void {
  const ctx = r.ctx();
  const now = r.clock.now();
  const remaining = remainingAt(ctx, now);
  expect(Math.abs(conservation(r))).toBeLessThan(1e-9);
  expect(remaining).toBeGreaterThanOrEqual(0);
  expect(remaining).toBeLessThanOrEqual(ctx.profile.reservoirMl + 1e-9);
  expect(ctx.totals.deliveredMl).toBeGreaterThanOrEqual(-1e-9);
  // Every alarm is in the log with its time and cause (requirement 8).
  const logged = ctx.log.filter((e) => e.type === 'alarm');
  expect(logged.length).toBe(ctx.alarms.length);
  // A drug phase never runs past its end without an alarm (requirement 4).
  const end = ctx.lastFill?.drugPhaseEndsAtMs;
  if (end != null && now > end && r.states().some((s) => s.startsWith('infusing'))) {
    expect(ctx.alarms.some((a) => a.code === 'DRUG_PHASE_OVERDUE' && a.fillSeq === ctx.fillSeq)).toBe(true);
  }
  // A pump in the depleted state has had its dry alarm, and low came first (requirement 5).
  if (r.states().includes('depleted')) {
    const low = ctx.alarms.find((a) => a.code === 'LOW_RESERVOIR' && a.fillSeq === ctx.fillSeq);
    const dry = ctx.alarms.find((a) => a.code === 'DRY' && a.fillSeq === ctx.fillSeq);
    expect(dry).toBeDefined();
    expect(low).toBeDefined();
    expect((low?.atMs ?? Infinity) <= (dry?.atMs ?? -Infinity)).toBe(true);
  }
}

describe('lifecycle properties over random scenarios', () => {
  it('conserves volume, stays within capacity, and logs every alarm', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const r = rig();
        let day = 0;
        for (const [gapDays, event] of steps) {
          day += gapDays;
          r.at(day);
          checkInvariants(r);
          const before = r.ctx();
          r.actor.send(event);
          const after = r.ctx();
          const refused = after.log.length > 0 && after.log.at(-1)?.type === 'refused' && after.log.length === before.log.length + 1;
          if (refused) {
            // A refused command changes nothing but the log.
            expect({ ...after, log: [] }).toEqual({ ...before, log: [] });
          }
          checkInvariants(r);
        }
        r.at(day + 60);
        checkInvariants(r);
      }),
      { numRuns: 300 },
    );
  });

  it('never fills over capacity, whatever the order of fills and drains', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 40, noNaN: true }), { minLength: 1, maxLength: 10 }), (volumes) => {
        const r = rig();
        volumes.forEach((volumeMl, i) => {
          r.at(i * 3, { type: 'FILL', infusate: 'saline', volumeMl });
          expect(r.remaining()).toBeLessThanOrEqual(30 + 1e-9);
          r.at(i * 3 + 1, { type: 'DRAIN' });
        });
      }),
      { numRuns: 200 },
    );
  });
});
