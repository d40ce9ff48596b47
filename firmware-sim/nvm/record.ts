import crc32 from 'crc/crc32';
import type * as z from 'zod';

/**
 * One NVM record, laid out like a flash record:
 *   magic "HNV1" | seq u32 LE | payload length u32 LE | payload (UTF-8 JSON) | CRC-32 u32 LE
 * The CRC covers everything before it, so a torn write (old tail behind a new head) or a flipped
 * bit is caught before the payload is even parsed; zod then checks the shape.
 */
const MAGIC = [0x48, 0x4e, 0x56, 0x31]; // "HNV1"
export const RECORD_OVERHEAD_BYTES = 16;

export function encodeRecord(seq: number, value: unknown): Uint8Array {
  if (!Number.isInteger(seq) || seq < 0 || seq > 0xffff_ffff) throw new RangeError(`bad record seq ${seq}`);
  const payload = Buffer.from(JSON.stringify(value), 'utf8');
  const out = Buffer.alloc(RECORD_OVERHEAD_BYTES + payload.length);
  out.set(MAGIC, 0);
  out.writeUInt32LE(seq, 4);
  out.writeUInt32LE(payload.length, 8);
  out.set(payload, 12);
  out.writeUInt32LE(crc32(out.subarray(0, 12 + payload.length)) >>> 0, 12 + payload.length);
  return out;
}

export type DecodedRecord<T> = { ok: true; seq: number; value: T } | { ok: false; reason: string };

export function decodeRecord<S extends z.ZodType>(bytes: Uint8Array | undefined, schema: S): DecodedRecord<z.output<S>> {
  if (bytes === undefined || bytes.length === 0) return { ok: false, reason: 'empty' };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < RECORD_OVERHEAD_BYTES) return { ok: false, reason: 'short' };
  if (!MAGIC.every((b, i) => buf[i] === b)) return { ok: false, reason: 'bad magic' };
  const seq = buf.readUInt32LE(4);
  const length = buf.readUInt32LE(8);
  if (12 + length + 4 > buf.length) return { ok: false, reason: 'truncated' };
  const stored = buf.readUInt32LE(12 + length);
  const computed = crc32(buf.subarray(0, 12 + length)) >>> 0;
  if (stored !== computed) return { ok: false, reason: 'bad crc' };
  let json: unknown;
  try {
    json = JSON.parse(buf.subarray(12, 12 + length).toString('utf8'));
  } catch {
    return { ok: false, reason: 'bad json' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'schema mismatch' };
  return { ok: true, seq, value: parsed.data };
}
