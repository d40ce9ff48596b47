import type { Clock } from '../../src/model/clock.ts';
import type { DeviceClock } from './types.ts';

/**
 * Adapts the project-wide `Clock` (virtual, scaled or real) to the device's timer view.
 * Times stay in the clock's epoch ms: a real pump would keep an RTC, and persisted absolute
 * times must stay meaningful across a reset.
 */
export function deviceClockFrom(clock: Clock): DeviceClock {
  return {
    nowMs: () => clock.now(),
    setTimer: (callback, delayMs) => clock.setTimeout(callback, delayMs),
    cancelTimer: (id) => clock.clearTimeout(id),
  };
}
