// NE-1000 safe mode [M]: STX, LEN, data, CRC-hi, CRC-lo, ETX in both directions, where LEN
// counts itself, the two CRC bytes and ETX (LEN = data length + 4) and the CRC-16/XMODEM covers
// the data only. One packet both ways (encode/decode), and the collector both deframers use to
// take one packet out of a byte stream.
import { crc16Xmodem } from '../shared/crc16-xmodem.ts';
import { asciiBytes, bytesToAscii } from './bytes.ts';
import { bad, type NeBadFrameEvent, type NeBadFrameReason, type NeSafeFrameEvent } from './frame-events.ts';
import { ETX, STX } from './framing.ts';

/** LEN's overhead: LEN itself + CRC-hi + CRC-lo + ETX. */
export const SAFE_LEN_OVERHEAD = 4;
/** LEN is one byte, so data can be at most 255 - 4 bytes. */
export const SAFE_MAX_DATA_BYTES = 0xff - SAFE_LEN_OVERHEAD;

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? asciiBytes(data) : data;
}

/** Safe-mode packet (either direction). Throws RangeError when the data cannot fit LEN. */
export function encodeSafePacket(data: string | Uint8Array): Uint8Array {
  const body = toBytes(data);
  if (body.length > SAFE_MAX_DATA_BYTES) {
    throw new RangeError(`safe packet data is ${body.length} bytes, at most ${SAFE_MAX_DATA_BYTES} fit`);
  }
  const crc = crc16Xmodem(body);
  const out = new Uint8Array(body.length + 5);
  out[0] = STX;
  out[1] = body.length + SAFE_LEN_OVERHEAD;
  out.set(body, 2);
  out[body.length + 2] = (crc >> 8) & 0xff; // high byte first [M]
  out[body.length + 3] = crc & 0xff;
  out[body.length + 4] = ETX;
  return out;
}

export type SafePacketError = 'no-stx' | 'bad-length' | 'truncated' | 'no-etx' | 'bad-crc';

export type SafePacketDecode =
  | { ok: true; data: Uint8Array; crc: number }
  | { ok: false; error: SafePacketError; expectedCrc?: number; receivedCrc?: number };

/** Decode exactly one complete safe packet (no trailing bytes). */
export function decodeSafePacket(packet: Uint8Array): SafePacketDecode {
  if (packet[0] !== STX) return { ok: false, error: 'no-stx' };
  const len = packet[1];
  if (len === undefined) return { ok: false, error: 'truncated' };
  if (len < SAFE_LEN_OVERHEAD) return { ok: false, error: 'bad-length' };
  const total = len + 1; // STX + LEN bytes counted by LEN
  if (packet.length < total) return { ok: false, error: 'truncated' };
  if (packet.length > total) return { ok: false, error: 'bad-length' };
  if (packet[total - 1] !== ETX) return { ok: false, error: 'no-etx' };
  const data = packet.slice(2, total - 3);
  const receivedCrc = ((packet[total - 3] ?? 0) << 8) | (packet[total - 2] ?? 0);
  const expectedCrc = crc16Xmodem(data);
  if (receivedCrc !== expectedCrc) return { ok: false, error: 'bad-crc', expectedCrc, receivedCrc };
  return { ok: true, data, crc: receivedCrc };
}

/**
 * Collects one safe packet (from its STX). Shared by both sides: the packet is binary (LEN
 * and CRC bytes may be CR, STX or ETX), so it is delimited by LEN, never by scanning.
 */
export class SafePacketCollector {
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
