/**
 * A `SerialPortLike` over an in-process byte pipe, so `SerialLink` (and with it the traffic log,
 * reconnect logic and request channel) runs unchanged when the device is firmware in the same
 * process. The pipe is structurally the firmware HAL's `Uart`; it is declared here, not imported,
 * because src/ must not depend on firmware-sim/ (DESIGN.md, dependency rules).
 */
import { EventEmitter } from 'node:events';
import type { PortOpener, SerialPortLike } from './index.ts';

/** One end of a byte pipe (the firmware HAL's `Uart` has exactly this shape). */
export interface BytePipe {
  write(bytes: Uint8Array): void;
  onBytes(handler: (bytes: Uint8Array) => void): void;
  close(): Promise<void>;
}

class PipePort implements SerialPortLike {
  private readonly events = new EventEmitter();
  private open_ = false;

  constructor(private readonly pipe: BytePipe) {
    pipe.onBytes((bytes) => {
      if (this.open_) this.events.emit('data', Buffer.from(bytes));
    });
  }

  get isOpen(): boolean {
    return this.open_;
  }

  open(callback: (error: Error | null) => void): void {
    this.open_ = true;
    queueMicrotask(() => callback(null));
  }

  close(callback?: (error?: Error | null) => void): void {
    this.open_ = false;
    // The pipe itself stays: closing the host side of a cable does not power the device off.
    queueMicrotask(() => {
      this.events.emit('close');
      callback?.(null);
    });
  }

  write(data: Buffer, callback?: (error: Error | null | undefined) => void): boolean {
    if (this.open_) this.pipe.write(data);
    callback?.(this.open_ ? null : new Error('pipe port is closed'));
    return true;
  }

  on(event: 'data' | 'close' | 'error', listener: (...args: never[]) => void): unknown {
    this.events.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  removeAllListeners(event?: string): unknown {
    this.events.removeAllListeners(event);
    return this;
  }
}

/** An opener that always hands out the same in-process pipe, whatever path is asked for. */
export function pipeOpener(pipe: BytePipe): PortOpener {
  let port: PipePort | undefined;
  return () => (port ??= new PipePort(pipe));
}
