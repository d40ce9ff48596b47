// A Uart over serialport whose baud rate the firmware can change (`*ADR n B baud` on the
// NE-1000, `baud` on the Elite 11). hal/uart-serialport.ts opens at a fixed baud; a pump that
// switches baud needs the port's `update`.
import { SerialPort } from 'serialport';
import type { Uart } from '../../hal/types.ts';

export interface SwitchableUart extends Uart {
  setBaud(baudRate: number): void;
}

export async function openSwitchableSerialUart(path: string, baudRate: number): Promise<SwitchableUart> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  let handler: ((bytes: Uint8Array) => void) | undefined;
  port.on('data', (chunk: Buffer) => handler?.(chunk));
  // A dead peer must not crash the device: a real UART just sees a silent line.
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
      await new Promise<void>((resolve) => port.drain(() => port.close(() => resolve())));
    },
  };
}
