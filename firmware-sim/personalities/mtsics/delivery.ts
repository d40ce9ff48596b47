/**
 * Where the liquid in the beaker comes from. The balance never imports a pump: a rig hands it
 * any source (an in-process pump emulator, a file written by a pump in another process, a
 * constant flow for tests).
 */
export interface DeliverySource {
  /**
   * Total volume delivered into the beaker by world time `atMs` (mL). World time is the
   * simulation's time since it started (the same for every device in one process).
   */
  deliveredMlAt(atMs: number): number;
}

/** An empty beaker: nothing flows in. */
export const NO_DELIVERY: DeliverySource = { deliveredMlAt: () => 0 };

/** A perfect pump at a constant rate from world time `startMs` (tests, demos). */
export function constantFlow(rateMlPerH: number, startMs = 0): DeliverySource {
  return { deliveredMlAt: (atMs) => (Math.max(0, atMs - startMs) / 3_600_000) * rateMlPerH };
}
