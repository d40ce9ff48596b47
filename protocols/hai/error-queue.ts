/**
 * The SYSTem:ERRor? queue exactly as PROTOCOL.md section 4 defines it: FIFO, 16 deep; the error
 * that would be the 17th turns the newest entry into -350 and later ones are dropped until a
 * read makes room. Pure data structure, so the device and tests share one implementation.
 */
import { HAI_ERRORS, NO_ERROR, type HaiError } from './errors.ts';
import { ERROR_QUEUE_DEPTH } from './limits.ts';

export class ErrorQueue {
  private readonly entries: HaiError[] = [];

  constructor(private readonly depth: number = ERROR_QUEUE_DEPTH) {}

  push(error: HaiError): void {
    // Code 0 means "no error" and is never queued.
    if (error.code === 0) return;
    if (this.entries.length < this.depth) {
      this.entries.push(error);
      return;
    }
    this.entries[this.depth - 1] = HAI_ERRORS.queueOverflow;
  }

  /** Oldest first; `0,"No error"` when empty. */
  pop(): HaiError {
    return this.entries.shift() ?? NO_ERROR;
  }

  clear(): void {
    this.entries.length = 0;
  }

  get size(): number {
    return this.entries.length;
  }
}
