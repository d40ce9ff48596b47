// NE-1000 framing, both modes, both directions. Pure encoders/decoders of ONE frame;
// splitting a byte stream into frames is deframer.ts's job.
//
// Basic mode [M]: host -> pump `<addr><CMD><data>` CR; pump -> host STX <reply> ETX.
// Safe mode  [M]: STX, LEN, data, CRC-hi, CRC-lo, ETX in both directions, where LEN counts
// itself, the two CRC bytes and ETX (LEN = data length + 4) and the CRC-16/XMODEM covers
// the data only.
import { asciiBytes } from './bytes.ts';
import { crc16Xmodem } from '../shared/crc16-xmodem.ts';

export const STX = 0x02;
export const ETX = 0x03;
export const CR = 0x0d;

/** LEN's overhead: LEN itself + CRC-hi + CRC-lo + ETX. */
export const SAFE_LEN_OVERHEAD = 4;
/** LEN is one byte, so data can be at most 255 - 4 bytes. */
export const SAFE_MAX_DATA_BYTES = 0xff - SAFE_LEN_OVERHEAD;

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? asciiBytes(data) : data;
}

/** Host -> pump basic command: the text followed by CR. The text is sent as given (the pump,
 * not the host, drops spaces and upper-cases), so traffic logs show what was really sent. */
export function encodeBasicCommand(text: string): Uint8Array {
  const body = asciiBytes(text);
  const out = new Uint8Array(body.length + 1);
  out.set(body, 0);
  out[body.length] = CR;
  return out;
}

/** Pump -> host basic reply: STX <reply data> ETX, nothing after ETX. */
export function encodeBasicReply(text: string): Uint8Array {
  const body = asciiBytes(text);
  const out = new Uint8Array(body.length + 2);
  out[0] = STX;
  out.set(body, 1);
  out[body.length + 1] = ETX;
  return out;
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
