// Byte-stream deframers for the NE-1000 link: what both sides share (the safe-packet collector,
// its timeout, the re-scan after a bad packet); each side is its own file. Like serialport's
// parsers they turn arbitrary chunks into whole frames, but they are plain classes with no I/O and no
// timers: `push(chunk, nowMs?)` returns the events the chunk completed. They never throw on
// input bytes: anything malformed becomes a `bad` event that the device may answer `?COM`.
//
// Time: the pump discards a safe packet whose bytes are more than 0.5 s apart [M]. The
// deframer owns no clock; pass the chunk's arrival time as `nowMs` (any monotonic ms clock)
// and a stale partial safe packet is dropped before the chunk is read, or call `reset()`.
import { bad, type NeBadFrameEvent, type NeSafeFrameEvent } from './frame-events.ts';
import { SafePacketCollector } from './safe-packet.ts';

/** Safe-packet inter-byte timeout [M]. */
export const NE_PACKET_TIMEOUT_MS = 500;

export interface NeDeframerOptions {
  /** Safe-packet inter-byte timeout; applied only when `push` is given `nowMs`. */
  readonly interByteTimeoutMs?: number;
  /** Longest basic frame kept before it is reported as `overflow` (pump buffer size is [?]). */
  readonly maxBasicBytes?: number;
}

const DEFAULT_MAX_BASIC_BYTES = 128;

/** `F`: this side's basic frames; safe packets come both ways, so every side reports them. */
export abstract class NeDeframerBase<F extends { readonly type: string }> {
  protected readonly safe = new SafePacketCollector();
  protected readonly timeoutMs: number;
  protected readonly maxBasicBytes: number;
  private lastAtMs: number | undefined;

  constructor(options: NeDeframerOptions = {}) {
    this.timeoutMs = options.interByteTimeoutMs ?? NE_PACKET_TIMEOUT_MS;
    this.maxBasicBytes = options.maxBasicBytes ?? DEFAULT_MAX_BASIC_BYTES;
  }

  /** Time of the last byte pushed with a timestamp (for the device's own timeout logic). */
  get lastByteAtMs(): number | undefined {
    return this.lastAtMs;
  }

  /** True while a frame is partly received. */
  abstract get hasPartial(): boolean;

  /** Forget any partial frame (e.g. the device's own packet timer fired). */
  abstract reset(): void;

  /** One byte outside a safe packet; returns bytes to re-scan (none: an empty array). */
  protected abstract feedOutsidePacket(b: number, out: Array<F | NeSafeFrameEvent | NeBadFrameEvent>): number[];

  /** One byte: a safe packet in progress takes it whole (it is binary, delimited by LEN). */
  protected feed(b: number, out: Array<F | NeSafeFrameEvent | NeBadFrameEvent>): number[] {
    if (!this.safe.active) return this.feedOutsidePacket(b, out);
    const done = this.safe.add(b);
    if (done === undefined) return [];
    out.push(done.event);
    return done.rescan;
  }

  /** Feed a chunk; returns the frames and errors it completed, in order. */
  push(chunk: Uint8Array | readonly number[], nowMs?: number): Array<F | NeSafeFrameEvent | NeBadFrameEvent> {
    const out: Array<F | NeSafeFrameEvent | NeBadFrameEvent> = [];
    if (nowMs !== undefined) {
      if (this.safe.active && this.lastAtMs !== undefined && nowMs - this.lastAtMs > this.timeoutMs) {
        out.push(bad('timeout', this.safe.take()));
      }
      if (chunk.length > 0) this.lastAtMs = nowMs;
    }
    // A work list instead of recursion: a rejected packet's tail is re-scanned in place.
    let work: number[] = Array.from(chunk);
    let i = 0;
    while (i < work.length) {
      const rescan = this.feed(work[i] ?? 0, out);
      i++;
      if (rescan.length > 0) {
        work = rescan.concat(work.slice(i));
        i = 0;
      }
    }
    this.flushNoise(out);
    return out;
  }

  protected flushNoise(_out: Array<F | NeSafeFrameEvent | NeBadFrameEvent>): void {}
}
