/**
 * A tiny stand-in for a shared serial line (the integrator's firmware-sim/hal/uart-bus.ts will
 * be the real one): every tap sees every byte the host sends, and what any tap writes goes to
 * the host. Enough for several emulated pumps on one in-process cable.
 */
import type { Uart } from '../../../firmware-sim/hal/types.ts';

export function fanOut(line: Uart): { tap(): Uart } {
  const handlers: ((bytes: Uint8Array) => void)[] = [];
  line.onBytes((bytes) => {
    for (const h of handlers) h(Uint8Array.from(bytes));
  });
  return {
    tap(): Uart {
      let own: ((bytes: Uint8Array) => void) | undefined;
      handlers.push((bytes) => own?.(bytes));
      return {
        write: (bytes) => line.write(bytes),
        onBytes: (handler) => {
          own = handler;
        },
        close: async () => {
          own = undefined;
        },
      };
    },
  };
}
