import type { DeliverySource } from '../personalities/mtsics/delivery.ts';

/** What the rig needs from an in-process pump emulator: run its loop now, and read its state. */
export interface ServiceableDevice<State> {
  service(): void;
  state(): State;
}

/**
 * The delivered volume of an in-process pump emulator, read fresh: `service()` runs one loop
 * iteration of the pump first, so its volume is integrated up to this instant rather than up to
 * its last tick (at --speed 60 one 100 ms tick is 6 s of pump time: 20 % of a 30 s interval).
 * The pump and the balance share one clock and speed, so "now" is the same world instant for both.
 */
export function deviceDeliverySource<State>(device: ServiceableDevice<State>, deliveredMl: (state: State) => number): DeliverySource {
  return {
    deliveredMlAt: () => {
      device.service();
      return deliveredMl(device.state());
    },
  };
}

/**
 * The liquid that really arrives differs from what the pump counts by `errorPct` (a syringe whose
 * bore is off by e % delivers about 2e % more: the pump counts plunger travel, not volume). This
 * is the "known rate error" an accuracy run should find.
 */
export function withDeliveryError(source: DeliverySource, errorPct: number): DeliverySource {
  const factor = 1 + errorPct / 100;
  return { deliveredMlAt: (atMs) => source.deliveredMlAt(atMs) * factor };
}
