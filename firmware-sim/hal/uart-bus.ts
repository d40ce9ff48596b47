import type { Uart } from './types.ts';
import type { SwitchableUart } from './uart-serialport.ts';

/**
 * A multi-drop serial line: several devices on one cable, as New Era pumps are networked and
 * Harvard pumps daisy-chained. Every device hears every byte the host sends; whatever any device
 * transmits goes out on the one line. Keeping the peers quiet is the firmware's job (each answers
 * only its own address), exactly as on the real wire, where two talkers garble each other.
 */
export interface UartBus {
  /** A drop on the line for one more device. */
  tap(): SwitchableUart;
  /** The number of drops still open; the line closes when the last one does. */
  readonly openTaps: number;
}

export function createUartBus(line: Uart & { setBaud?(baudRate: number): void }): UartBus {
  const handlers = new Set<(bytes: Uint8Array) => void>();
  let openTaps = 0;
  line.onBytes((bytes) => {
    // A snapshot: a device reset inside a handler re-registers without disturbing this delivery.
    for (const handler of [...handlers]) handler(bytes);
  });
  return {
    get openTaps() {
      return openTaps;
    },
    tap() {
      let handler: ((bytes: Uint8Array) => void) | undefined;
      let closed = false;
      openTaps++;
      return {
        write(bytes) {
          if (!closed) line.write(bytes);
        },
        onBytes(next) {
          if (handler !== undefined) handlers.delete(handler);
          handler = next;
          handlers.add(next);
        },
        // One baud for the whole line: a pump that switches it (`*ADR n B baud`) moves the cable.
        setBaud(baudRate) {
          if (!closed) line.setBaud?.(baudRate);
        },
        async close() {
          if (closed) return;
          closed = true;
          if (handler !== undefined) handlers.delete(handler);
          openTaps--;
          if (openTaps === 0) await line.close();
        },
      };
    },
  };
}
