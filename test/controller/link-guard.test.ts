/**
 * LinkGuard on an injected clock (DESIGN.md: one clock, injected): it waits for a lost device
 * on the clock it is given, so a virtual clock decides when it gives up, and never the wall.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/model/clock.ts';
import { LinkGaveUpError, LinkGuard, linkTroubleOf } from '../../src/controller/index.ts';
import { TimeoutError } from '../../src/transport/index.ts';
import { DeviceError } from '../../src/devices/pump-device.ts';

describe('LinkGuard', () => {
  it('gives up on its own clock: not before giveUpMs of it, and then once, for good', async () => {
    const clock = new VirtualClock(1_000);
    const lost: string[] = [];
    const guard = new LinkGuard({ giveUpMs: 5_000, clock, onLost: (d) => lost.push(d) });
    let settled: unknown = 'pending';
    const run = guard
      .run({ label: 'read delivered', run: () => new Promise<number>(() => undefined) })
      .catch((error: unknown) => (settled = error));
    clock.runUntil(5_999);
    await Promise.resolve();
    expect(settled).toBe('pending');
    clock.runUntil(6_000);
    expect(await run).toBeInstanceOf(LinkGaveUpError);
    expect(settled).toBe(await run);
    expect((settled as Error).message).toBe('read delivered: the device did not come back within 5000 ms');
    // Final: the guard's own give-up is never link trouble to ride out again.
    expect(linkTroubleOf(settled)).toBeNull();
    expect(lost).toEqual([]);
  });

  it('rides out a lost reply, says so once, and says when the device is back', async () => {
    const clock = new VirtualClock(0);
    const events: string[] = [];
    const guard = new LinkGuard({ giveUpMs: 5_000, clock, onLost: () => events.push('lost'), onBack: () => events.push('back') });
    let calls = 0;
    const value = await guard.run({
      label: 'status',
      run: async () => {
        if (++calls === 1) throw new TimeoutError('status', 2000);
        return 42;
      },
    });
    expect(value).toBe(42);
    expect(events).toEqual(['lost', 'back']);
  });

  it("counts a bench driver's explained link failures as link trouble, a refusal not", () => {
    expect(linkTroubleOf(new DeviceError('no reply from ne1000', 'silent'))).toBe('lost');
    expect(linkTroubleOf(new DeviceError('link lost while waiting', 'link'))).toBe('lost');
    expect(linkTroubleOf(new DeviceError('refused RAT: out of range', 'out-of-range'))).toBeNull();
  });
});
