import { closeSync, constants, fdatasyncSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type { Nvm } from './types.ts';

/**
 * NVM in one file, split into fixed-size slots like flash sectors. A slot write programs that
 * slot's region page by page (one positioned write per page, as flash is programmed) and then
 * fdatasyncs, so a kill or power cut mid-write can tear only the slot being written; the other
 * slots' bytes are never touched. Page-sized writes make such tears actually happen under
 * SIGKILL (one big write() would complete in the kernel), which is what the power-cut test needs.
 * Writes are synchronous on purpose: firmware blocks on a flash program cycle, and "durable once
 * `writeSlot` returns" is the contract the record store relies on.
 */
export class FileNvm implements Nvm {
  private fd: number | undefined;

  constructor(
    readonly path: string,
    readonly slotCount = 2,
    readonly slotSizeBytes = 64 * 1024,
    readonly pageBytes = 512,
  ) {
    // O_CREAT without O_TRUNC: an existing NVM image is kept.
    this.fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644);
  }

  readSlot(slot: number): Uint8Array | undefined {
    const fd = this.openFd();
    this.checkSlot(slot);
    const start = slot * this.slotSizeBytes;
    const size = fstatSync(fd).size;
    if (size <= start) return undefined;
    const length = Math.min(this.slotSizeBytes, size - start);
    const bytes = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, bytes, done, length - done, start + done);
      if (n === 0) break;
      done += n;
    }
    return bytes.subarray(0, done);
  }

  writeSlot(slot: number, bytes: Uint8Array): void {
    const fd = this.openFd();
    this.checkSlot(slot);
    if (bytes.length > this.slotSizeBytes) throw new RangeError(`record of ${bytes.length} B exceeds slot size ${this.slotSizeBytes} B`);
    const start = slot * this.slotSizeBytes;
    let done = 0;
    while (done < bytes.length) {
      done += writeSync(fd, bytes, done, Math.min(this.pageBytes, bytes.length - done), start + done);
    }
    fdatasyncSync(fd);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private openFd(): number {
    if (this.fd === undefined) throw new Error(`NVM file ${this.path} is closed`);
    return this.fd;
  }

  private checkSlot(slot: number): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.slotCount) throw new RangeError(`no NVM slot ${slot}`);
  }
}
