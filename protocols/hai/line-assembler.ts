/**
 * Byte-level framer (PROTOCOL.md section 1): cuts a byte stream into lines at LF, strips one CR
 * before the LF, and turns a line longer than 256 bytes (terminator included) into a single
 * `overflow` item when its LF finally arrives. Used by the device for requests and by the host
 * for replies. Pure: no streams, no timers; feed it whatever chunks the port delivers.
 */
import { MAX_LINE_BYTES } from './limits.ts';

export type AssembledLine =
  /** `text` is Latin-1 (one character per byte) so invalid bytes survive to the parser, which answers -102. */
  | { readonly kind: 'line'; readonly text: string }
  /** An over-long line was dropped; the device answers it with -363. */
  | { readonly kind: 'overflow' };

const LF = 0x0a;
const CR = 0x0d;
/** Bytes a line may hold before its LF. */
const MAX_CONTENT_BYTES = MAX_LINE_BYTES - 1;

export class LineAssembler {
  private readonly buffer = new Uint8Array(MAX_CONTENT_BYTES);
  private length = 0;
  /** True while dropping the rest of an over-long line up to its LF. */
  private discarding = false;

  push(chunk: Uint8Array): AssembledLine[] {
    const out: AssembledLine[] = [];
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf;
      this.take(chunk.subarray(start, end));
      if (lf === -1) break;
      out.push(this.finishLine());
      start = lf + 1;
    }
    return out;
  }

  /** Forget a partial line (e.g. after a reconnect). */
  reset(): void {
    this.length = 0;
    this.discarding = false;
  }

  /** Bytes held for a line not yet terminated (0 while discarding). */
  get pendingBytes(): number {
    return this.length;
  }

  private take(segment: Uint8Array): void {
    if (this.discarding || segment.length === 0) return;
    if (this.length + segment.length > MAX_CONTENT_BYTES) {
      this.discarding = true;
      this.length = 0;
      return;
    }
    this.buffer.set(segment, this.length);
    this.length += segment.length;
  }

  private finishLine(): AssembledLine {
    if (this.discarding) {
      this.discarding = false;
      return { kind: 'overflow' };
    }
    let end = this.length;
    if (end > 0 && this.buffer[end - 1] === CR) end -= 1;
    this.length = 0;
    return { kind: 'line', text: String.fromCharCode(...this.buffer.subarray(0, end)) };
  }
}
