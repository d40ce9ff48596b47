import { SerialPort } from 'serialport';
import type { Uart } from './types.ts';

/** A Uart whose baud rate the firmware can change (`*ADR n B baud` on the NE-1000, `baud` on the Elite 11). */
export interface SwitchableUart extends Uart {
  setBaud(baudRate: number): void;
}

/**
 * A Uart over a real serial device through the `serialport` native bindings: a pty end, a USB
 * adapter, or any tty. The device side of `haipump sim --port PATH`.
 */
export async function openSwitchableSerialUart(path: string, baudRate: number): Promise<SwitchableUart> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => {
    port.open((error) => (error ? reject(error) : resolve()));
  });
  let handler: ((bytes: Uint8Array) => void) | undefined;
  port.on('data', (chunk: Buffer) => handler?.(chunk));
  // A serial error (peer gone, EIO on a pty whose other end closed) must not crash the device:
  // a real UART just sees a dead line.
  port.on('error', () => undefined);
  return {
    write(bytes) {
      if (port.isOpen) port.write(Buffer.from(bytes));
    },
    onBytes(h) {
      handler = h;
    },
    setBaud(rate) {
      // Everything written so far goes out at the old rate first.
      port.drain(() => {
        if (port.isOpen) port.update({ baudRate: rate }, () => undefined);
      });
    },
    async close() {
      if (!port.isOpen) return;
      await new Promise<void>((resolve) => {
        port.drain(() => port.close(() => resolve()));
      });
    },
  };
}

/** The same port for firmware that never changes its baud rate. */
export function openSerialUart(path: string, baudRate: number): Promise<Uart> {
  return openSwitchableSerialUart(path, baudRate);
}
