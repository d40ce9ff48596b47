/**
 * The harness's default clock for real-time waits (reply timeouts, replugs, start-up backstops,
 * reported wall times). Every entry point takes a `clock` option instead, so tests can run the
 * harness on a virtual clock; this is only what is used when none is given.
 */
import { RealClock, type Clock } from '../model/clock.ts';

export const HOST_CLOCK: Clock = new RealClock();
