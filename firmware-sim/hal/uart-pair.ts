import type { Uart } from './types.ts';

/** One end of an in-process serial cable. */
class PairEnd implements Uart {
  peer: PairEnd | undefined;
  private handler: ((bytes: Uint8Array) => void) | undefined;
  private closed = false;

  constructor(private readonly deliverSync: boolean) {}

  write(bytes: Uint8Array): void {
    const peer = this.peer;
    if (this.closed || peer === undefined || bytes.length === 0) return;
    // Copy: the writer may reuse its buffer, as a UART's TX FIFO would not care.
    const copy = Uint8Array.from(bytes);
    if (this.deliverSync) peer.receive(copy);
    else queueMicrotask(() => peer.receive(copy));
  }

  onBytes(handler: (bytes: Uint8Array) => void): void {
    this.handler = handler;
  }

  receive(bytes: Uint8Array): void {
    if (!this.closed) this.handler?.(bytes);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export interface UartPair {
  device: Uart;
  host: Uart;
}

/**
 * A null-modem cable in memory. `deliverSync` hands bytes over inside `write()` (deterministic
 * in-process tests); otherwise on a microtask, so neither side re-enters the other.
 */
export function createUartPair(options: { deliverSync?: boolean } = {}): UartPair {
  const sync = options.deliverSync ?? true;
  const device = new PairEnd(sync);
  const host = new PairEnd(sync);
  device.peer = host;
  host.peer = device;
  return { device, host };
}
