/**
 * The device side of an unplug test: a Uart on a pty end that, like firmware behind a USB
 * adapter, comes back by itself when the line returns (it reopens the same path until it
 * can). `interceptWrite` lets a test swallow a reply, so the cable can be pulled while the
 * host is waiting for it.
 */
import { SerialPort } from 'serialport';
import type { Uart } from '../../../firmware-sim/hal/types.ts';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class ReopeningUart implements Uart {
  private port: SerialPort | undefined;
  private handler: ((bytes: Uint8Array) => void) | undefined;
  private closed = false;
  opens = 0;
  /** Return true to drop the bytes (never reach the wire). */
  interceptWrite: ((bytes: Uint8Array) => boolean) | undefined;
  /** Sees every received chunk before the firmware does. */
  onReceive: ((bytes: Uint8Array) => void) | undefined;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    while (!this.closed) {
      const port = new SerialPort({ path: this.path, baudRate: 115200, autoOpen: false });
      port.on('error', () => undefined);
      try {
        await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
      } catch {
        await delay(20);
        continue;
      }
      this.opens++;
      port.on('data', (chunk: Buffer) => {
        this.onReceive?.(chunk);
        this.handler?.(chunk);
      });
      port.once('close', () => {
        this.port = undefined;
        if (!this.closed) void this.open();
      });
      this.port = port;
      return;
    }
  }

  write(bytes: Uint8Array): void {
    if (this.interceptWrite?.(bytes) === true) return;
    if (this.port?.isOpen === true) this.port.write(Buffer.from(bytes));
  }

  onBytes(handler: (bytes: Uint8Array) => void): void {
    this.handler = handler;
  }

  async close(): Promise<void> {
    this.closed = true;
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen === true) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
