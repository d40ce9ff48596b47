import type { Nvm } from './types.ts';

/**
 * NVM in RAM: survives a device reset within one process (the object outlives the device),
 * which is what a brown-out test needs. `tearNextWrite` simulates a power cut mid-write.
 */
export class MemoryNvm implements Nvm {
  private readonly slots: (Uint8Array | undefined)[];
  private tearAtBytes: number | undefined;
  private used = false;
  writes = 0;

  constructor(
    readonly slotCount = 2,
    readonly slotSizeBytes = 64 * 1024,
  ) {
    this.slots = new Array<Uint8Array | undefined>(slotCount).fill(undefined);
  }

  readSlot(slot: number): Uint8Array | undefined {
    this.checkSlot(slot);
    const bytes = this.slots[slot];
    return bytes === undefined ? undefined : Uint8Array.from(bytes);
  }

  writeSlot(slot: number, bytes: Uint8Array): void {
    this.checkSlot(slot);
    if (bytes.length > this.slotSizeBytes) throw new RangeError(`record of ${bytes.length} B exceeds slot size ${this.slotSizeBytes} B`);
    this.writes++;
    this.used = true;
    const tear = this.tearAtBytes;
    if (tear !== undefined) {
      this.tearAtBytes = undefined;
      // Only the prefix reached the cells; the rest keeps whatever was there before.
      const old = this.slots[slot] ?? new Uint8Array(0);
      const merged = new Uint8Array(Math.max(old.length, bytes.length));
      merged.set(old);
      merged.set(bytes.subarray(0, Math.min(tear, bytes.length)));
      this.slots[slot] = merged;
      throw new Error('power cut during NVM write');
    }
    this.slots[slot] = Uint8Array.from(bytes);
  }

  /** Fresh RAM is a new device; after `wipe()` (or any write) it is not. */
  get factoryNew(): boolean {
    return !this.used && this.slots.every((slot) => slot === undefined);
  }

  /** Erases every slot the way a wiped image looks (present, empty), for NVM-truth tests. */
  wipe(): void {
    this.used = true;
    this.slots.fill(new Uint8Array(0));
  }

  /** The next write stops after `bytes` bytes and throws, as if the power failed. */
  tearNextWrite(bytes: number): void {
    this.tearAtBytes = Math.max(0, Math.floor(bytes));
  }

  /** Flips one bit of a stored slot, for corruption tests. */
  corrupt(slot: number, byteIndex: number): void {
    const bytes = this.slots[slot];
    if (bytes === undefined || bytes.length === 0) return;
    const i = byteIndex % bytes.length;
    bytes[i] = (bytes[i] ?? 0) ^ 0x01;
  }

  close(): void {
    // Nothing to release.
  }

  private checkSlot(slot: number): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.slotCount) throw new RangeError(`no NVM slot ${slot}`);
  }
}
