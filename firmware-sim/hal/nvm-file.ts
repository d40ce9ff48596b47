import { closeSync, constants, fdatasyncSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type { Nvm } from './types.ts';

export interface FileNvmOptions {
  slotCount?: number;
  slotSizeBytes?: number;
  pageBytes?: number;
  /**
   * Start from a factory-new image: an existing file is emptied first (`haipump sim --nvm-init`).
   * Without it, only a file that does not exist yet is a new device.
   */
  init?: boolean;
}

/**
 * NVM in one file, split into fixed-size slots like flash sectors. A slot write programs that
 * slot's region page by page (one positioned write per page, as flash is programmed) and then
 * fdatasyncs, so a kill or power cut mid-write can tear only the slot being written; the other
 * slots' bytes are never touched. Page-sized writes make such tears actually happen under
 * SIGKILL (one big write() would complete in the kernel), which is what the power-cut test needs.
 * Writes are synchronous on purpose: firmware blocks on a flash program cycle, and "durable once
 * `writeSlot` returns" is the contract the record store relies on.
 *
 * The file is the flash chip: a missing file is a chip that was never programmed (a new
 * device); an existing file, even an empty one, is a chip that a device used, so empty or
 * unreadable slots in it are lost data, never a fresh start (`factoryNew` tells them apart).
 */
export class FileNvm implements Nvm {
  private fd: number | undefined;
  readonly slotCount: number;
  readonly slotSizeBytes: number;
  readonly pageBytes: number;
  readonly factoryNew: boolean;

  constructor(
    readonly path: string,
    options: FileNvmOptions = {},
  ) {
    this.slotCount = options.slotCount ?? 2;
    this.slotSizeBytes = options.slotSizeBytes ?? 64 * 1024;
    this.pageBytes = options.pageBytes ?? 512;
    const opened = openImage(path, options.init ?? false);
    this.fd = opened.fd;
    this.factoryNew = opened.created;
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

/**
 * Opens the image: created here (exclusively, so "did it exist?" has one answer), emptied on
 * request, or kept as it is. O_CREAT without O_TRUNC elsewhere: an existing image is never lost.
 */
function openImage(path: string, init: boolean): { fd: number; created: boolean } {
  if (init) return { fd: openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC, 0o644), created: true };
  try {
    return { fd: openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o644), created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { fd: openSync(path, constants.O_RDWR), created: false };
  }
}
