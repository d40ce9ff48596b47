import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScaledClock, VirtualClock } from '../../src/model/clock.ts';
import { runCli } from '../support/cli.ts';

describe('VirtualClock', () => {
  it('fires timers in due order, then arming order, and jumps straight to each', () => {
    const clock = new VirtualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 50);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 50);
    const never = clock.setTimeout(() => fired.push('cancelled'), 20);
    clock.clearTimeout(never);
    clock.setTimeout(() => fired.push('infinite'), Infinity);
    expect(clock.runUntil(2000)).toBe(3);
    expect(fired).toEqual(['a@1010', 'b@1050', 'c@1050']);
    expect(clock.now()).toBe(2000);
  });

  it('timers armed by timers run in the same pass when due', () => {
    const clock = new VirtualClock(0);
    let count = 0;
    const tick = (): void => {
      count++;
      clock.setTimeout(tick, 60_000);
    };
    tick();
    clock.runUntil(24 * 3_600_000);
    expect(count).toBe(24 * 60 + 1);
  });

  it('a timer is due at ceil(now + delay) whenever it is armed (restore-safe)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (start, deadlineOffset, armedEarly) => {
          const deadline = start + deadlineOffset;
          const armAt = Math.max(start, Math.floor(deadline) - armedEarly);
          const clock = new VirtualClock(armAt);
          let firedAt = -1;
          clock.setTimeout(() => (firedAt = clock.now()), deadline - armAt);
          clock.runUntil(deadline + 2);
          expect(firedAt).toBe(Math.max(armAt, Math.ceil(deadline)));
        },
      ),
    );
  });
});

describe('ScaledClock', () => {
  it('runs device time at speed × real time from its epoch', () => {
    let realMs = 5_000;
    const clock = new ScaledClock(60, 1_000_000, () => realMs);
    expect(clock.now()).toBe(1_000_000);
    realMs += 1_000; // one real second is one device minute
    expect(clock.now()).toBe(1_060_000);
  });

  it('refuses a speed that is not a positive finite number', () => {
    expect(() => new ScaledClock(0)).toThrow(/speed/);
    expect(() => new ScaledClock(Number.NaN)).toThrow(/speed/);
  });

  // The one real timer here is the subject (a ScaledClock on Node's timers); a busy machine only
  // fires it later, which the lower bound allows: it cannot fail because the machine is slow.
  it('fires a real timer after delay / speed of real time', async () => {
    const clock = new ScaledClock(1000);
    const startedAt = clock.now();
    const firedAt = await new Promise<number>((resolve) => clock.setTimeout(() => resolve(clock.now()), 2_000));
    expect(firedAt - startedAt).toBeGreaterThanOrEqual(2_000);
  });
});

describe('simulate on a scaled real-time clock', () => {
  // At 1e6 one real millisecond of timer granularity is ~17 device minutes: fine for a sequence.
  it('--speed 1e6 gives the same sequence of events as virtual time', () => {
    const scaled = runCli(['simulate', '--json', '--days', '9', '--speed', '1000000']);
    const virtual = runCli(['simulate', '--json', '--days', '9']);
    expect(scaled.status).toBe(0);
    type Doc = { events: { type: string; state: string }[]; totals: { filledMl: number; drainedMl: number } };
    const a = JSON.parse(scaled.stdout) as Doc;
    const b = JSON.parse(virtual.stdout) as Doc;
    // Real timers fire a little late, so volumes differ slightly; the sequence of what happened must not.
    expect(a.events.map((e) => `${e.type}:${e.state}`)).toEqual(b.events.map((e) => `${e.type}:${e.state}`));
    expect(a.totals.filledMl).toBe(b.totals.filledMl);
  });
});
