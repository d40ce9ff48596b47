// Byte-stream deframers for the NE-1000 link, one per side. Like serialport's parsers they
// turn arbitrary chunks into whole frames, but they are plain classes with no I/O and no
// timers: `push(chunk, nowMs?)` returns the events the chunk completed. They never throw on
// input bytes: anything malformed becomes a `bad` event that the device may answer `?COM`.
//
// Time: the pump discards a safe packet whose bytes are more than 0.5 s apart [M]. The
// deframer owns no clock; pass the chunk's arrival time as `nowMs` (any monotonic ms clock)
// and a stale partial safe packet is dropped before the chunk is read, or call `reset()`.
import { bytesToAscii } from './bytes.ts';
import { CR, ETX, SAFE_LEN_OVERHEAD, STX, decodeSafePacket } from './framing.ts';

/** Safe-packet inter-byte timeout [M]. */
export const NE_PACKET_TIMEOUT_MS = 500;

export type NeBadFrameReason =
  /** safe packet whose CRC does not match its data */
  | 'bad-crc'
  /** safe packet whose last byte (at LEN) is not ETX */
  | 'no-etx'
  /** safe packet with LEN < 4 */
  | 'bad-length'
  /** partial safe packet dropped because its bytes were too far apart */
  | 'timeout'
  /** frame longer than the buffer limit; bytes discarded up to the next terminator */
  | 'overflow'
  /** a new STX arrived in the middle of an unfinished frame, which is dropped */
  | 'aborted'
  /** bytes outside any frame (host side only: the pump only speaks in frames) */
  | 'noise';

export interface NeBadFrameEvent {
  readonly type: 'bad';
  readonly reason: NeBadFrameReason;
  /** The bytes given up on (for a traffic log). */
  readonly bytes: Uint8Array;
  /** True when a damaged packet was received: the pump answers these `?COM` [M]. Timeouts,
   * overflows and noise are dropped without a reply [?: the manual does not say]. */
  readonly comWorthy: boolean;
}

export interface NeBasicCommandEvent {
  readonly type: 'basic';
  /** The raw text before CR, spaces and control characters still in: the command parser
   * normalises it exactly like the pump does. */
  readonly text: string;
}

export interface NeSafeFrameEvent {
  readonly type: 'safe';
  readonly data: Uint8Array;
  readonly text: string;
}

export interface NeBasicReplyEvent {
  readonly type: 'basic-reply';
  /** Reply data between STX and ETX, e.g. `00S26.59`. */
  readonly text: string;
}

export type NePumpSideEvent = NeBasicCommandEvent | NeSafeFrameEvent | NeBadFrameEvent;
export type NeHostSideEvent = NeBasicReplyEvent | NeSafeFrameEvent | NeBadFrameEvent;

export interface NeDeframerOptions {
  /** Safe-packet inter-byte timeout; applied only when `push` is given `nowMs`. */
  readonly interByteTimeoutMs?: number;
  /** Longest basic frame kept before it is reported as `overflow` (pump buffer size is [?]). */
  readonly maxBasicBytes?: number;
}

const DEFAULT_MAX_BASIC_BYTES = 128;

function isBlankOrControl(bytes: readonly number[]): boolean {
  return bytes.every((b) => b <= 0x20 || b === 0x7f);
}

function bad(reason: NeBadFrameReason, bytes: readonly number[]): NeBadFrameEvent {
  const comWorthy = reason === 'bad-crc' || reason === 'no-etx' || reason === 'bad-length';
  return { type: 'bad', reason, bytes: Uint8Array.from(bytes), comWorthy };
}

/**
 * Collects one safe packet (from its STX). Shared by both sides: the packet is binary (LEN
 * and CRC bytes may be CR, STX or ETX), so it is delimited by LEN, never by scanning.
 */
class SafePacketCollector {
  buf: number[] = [];

  get active(): boolean {
    return this.buf.length > 0;
  }

  start(): void {
    this.buf = [STX];
  }

  /** Add one byte. Returns undefined while incomplete; otherwise the event and the bytes to
   * re-scan (after a framing failure, from the next STX inside the rejected bytes, so that a
   * valid packet swallowed by a stray STX + LEN is still found). */
  add(b: number): { event: NeSafeFrameEvent | NeBadFrameEvent; rescan: number[] } | undefined {
    const buf = this.buf;
    buf.push(b);
    const len = buf[1];
    if (len === undefined) return undefined;
    if (len < SAFE_LEN_OVERHEAD) return this.fail('bad-length');
    if (buf.length < len + 1) return undefined;
    const decoded = decodeSafePacket(Uint8Array.from(buf));
    if (decoded.ok) {
      this.buf = [];
      return { event: { type: 'safe', data: decoded.data, text: bytesToAscii(decoded.data) }, rescan: [] };
    }
    if (decoded.error === 'bad-crc') {
      // ETX sits where LEN said: the boundary was right, only the content is damaged, so the
      // whole packet is dropped and nothing inside it is re-read.
      const rejected = this.buf;
      this.buf = [];
      return { event: bad('bad-crc', rejected), rescan: [] };
    }
    return this.fail(decoded.error === 'no-etx' ? 'no-etx' : 'bad-length');
  }

  /** The boundary itself was wrong (stray STX, bad LEN): re-scan from the next STX. */
  private fail(reason: NeBadFrameReason): { event: NeBadFrameEvent; rescan: number[] } {
    const rejected = this.buf;
    this.buf = [];
    const next = rejected.indexOf(STX, 1);
    return { event: bad(reason, rejected), rescan: next < 0 ? [] : rejected.slice(next) };
  }

  /** Drop the partial packet, returning its bytes. */
  take(): number[] {
    const b = this.buf;
    this.buf = [];
    return b;
  }
}

abstract class NeDeframerBase<F extends { readonly type: string }> {
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

  protected abstract feed(b: number, out: Array<F | NeBadFrameEvent>): number[];

  /** Feed a chunk; returns the frames and errors it completed, in order. */
  push(chunk: Uint8Array | readonly number[], nowMs?: number): Array<F | NeBadFrameEvent> {
    const out: Array<F | NeBadFrameEvent> = [];
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

  protected flushNoise(_out: Array<F | NeBadFrameEvent>): void {}
}

/**
 * Pump side: reads host -> pump bytes. A frame starting with STX is a safe packet checked by
 * LEN and CRC; anything else is a basic command ending in CR; both are accepted at any time
 * [M]. An STX always starts a new packet, dropping an unfinished basic command ([?]: the
 * manual does not say; this lets a safe packet through after line noise).
 */
export class NePumpSideDeframer extends NeDeframerBase<NeBasicCommandEvent | NeSafeFrameEvent> {
  private basic: number[] = [];
  private overflowed = false;

  get hasPartial(): boolean {
    return this.safe.active || !isBlankOrControl(this.basic);
  }

  reset(): void {
    this.safe.take();
    this.basic = [];
    this.overflowed = false;
  }

  protected feed(b: number, out: NePumpSideEvent[]): number[] {
    if (this.safe.active) {
      const done = this.safe.add(b);
      if (done === undefined) return [];
      out.push(done.event);
      return done.rescan;
    }
    if (b === STX) {
      if (!isBlankOrControl(this.basic)) out.push(bad('aborted', this.basic));
      this.basic = [];
      this.overflowed = false;
      this.safe.start();
      return [];
    }
    if (b === CR) {
      if (!this.overflowed) out.push({ type: 'basic', text: bytesToAscii(this.basic) });
      this.basic = [];
      this.overflowed = false;
      return [];
    }
    if (this.overflowed) return [];
    this.basic.push(b);
    if (this.basic.length > this.maxBasicBytes) {
      out.push(bad('overflow', this.basic));
      this.basic = [];
      this.overflowed = true;
    }
    return [];
  }
}

export type NeReplyFraming = 'auto' | 'basic' | 'safe';

export interface NeHostDeframerOptions extends NeDeframerOptions {
  /** How to read the byte after STX. `auto` (default): an ASCII digit means a basic reply
   * (replies start with a two-digit address), anything else is a safe LEN. Ambiguous only
   * for safe replies of 44..53 data bytes, longer than any NE-1000 reply [?]. */
  readonly framing?: NeReplyFraming;
}

/** Host side: reads pump -> host bytes: basic replies STX…ETX and safe packets. */
export class NeHostSideDeframer extends NeDeframerBase<NeBasicReplyEvent | NeSafeFrameEvent> {
  private readonly framing: NeReplyFraming;
  private state: 'idle' | 'after-stx' | 'basic' = 'idle';
  private basic: number[] = [];
  private noise: number[] = [];

  constructor(options: NeHostDeframerOptions = {}) {
    super(options);
    this.framing = options.framing ?? 'auto';
  }

  get hasPartial(): boolean {
    return this.safe.active || this.state !== 'idle';
  }

  reset(): void {
    this.safe.take();
    this.state = 'idle';
    this.basic = [];
    this.noise = [];
  }

  protected override flushNoise(out: NeHostSideEvent[]): void {
    if (this.noise.length > 0) {
      out.push(bad('noise', this.noise));
      this.noise = [];
    }
  }

  protected feed(b: number, out: NeHostSideEvent[]): number[] {
    if (this.safe.active) {
      const done = this.safe.add(b);
      if (done === undefined) return [];
      out.push(done.event);
      return done.rescan;
    }
    switch (this.state) {
      case 'idle':
        if (b === STX) {
          this.flushNoise(out);
          this.state = 'after-stx';
        } else {
          this.noise.push(b);
        }
        return [];
      case 'after-stx': {
        const digit = b >= 0x30 && b <= 0x39;
        const basic = this.framing === 'basic' || (this.framing === 'auto' && (digit || b === ETX));
        if (basic) {
          this.state = 'basic';
          this.basic = [];
          return this.feed(b, out);
        }
        this.state = 'idle';
        this.safe.start();
        return this.feed(b, out);
      }
      case 'basic':
        if (b === ETX) {
          out.push({ type: 'basic-reply', text: bytesToAscii(this.basic) });
          this.basic = [];
          this.state = 'idle';
          return [];
        }
        if (b === STX) {
          out.push(bad('aborted', [STX, ...this.basic]));
          this.basic = [];
          this.state = 'after-stx';
          return [];
        }
        this.basic.push(b);
        if (this.basic.length > this.maxBasicBytes) {
          out.push(bad('overflow', [STX, ...this.basic]));
          this.basic = [];
          this.state = 'idle';
        }
        return [];
    }
  }
}
