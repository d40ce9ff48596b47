// Byte-exact framing tests. Every expected byte string below is copied from the reference
// (shared/reference/benchtop-protocols.md, "Worked values"), not produced by the code.
import { describe, expect, it } from 'vitest';
import {
  asciiBytes,
  decodeSafePacket,
  encodeBasicCommand,
  encodeBasicReply,
  encodeSafePacket,
  hexBytes,
} from '../../../protocols/newera/index.ts';
import { crc16Xmodem } from '../../../protocols/shared/crc16-xmodem.ts';

const hex = (s: string): Uint8Array => Uint8Array.from(s.split(' ').map((h) => parseInt(h, 16)));

describe('CRC-16/XMODEM', () => {
  it.each([
    ['123456789', 0x31c3], // the standard check value of CRC-16/XMODEM
    ['SAF0', 0x5543],
    ['0SAF0', 0x59ad],
  ])('CRC(%s) = %s', (text, crc) => {
    expect(crc16Xmodem(asciiBytes(text))).toBe(crc);
  });
});

describe('safe framing (worked values)', () => {
  it.each([
    ['SAF0', '02 08 53 41 46 30 55 43 03'], // the manual's example packet
    ['0RUN', '02 08 30 52 55 4E 44 07 03'], // request
    ['00S', '02 07 30 30 53 AA A6 03'], // reply
  ])('%s <-> %s', (data, bytes) => {
    expect(hexBytes(encodeSafePacket(data))).toBe(bytes);
    const decoded = decodeSafePacket(hex(bytes));
    expect(decoded.ok).toBe(true);
    if (decoded.ok) expect(hexBytes(decoded.data)).toBe(hexBytes(asciiBytes(data)));
  });

  it('LEN counts itself, the CRC bytes and ETX (data + 4)', () => {
    expect(encodeSafePacket('0SAF0')[1]).toBe(5 + 4);
  });

  it('reports a corrupted CRC, a missing ETX, a bad LEN and truncation', () => {
    expect(decodeSafePacket(hex('02 08 53 41 46 30 55 44 03'))).toMatchObject({
      ok: false,
      error: 'bad-crc',
      expectedCrc: 0x5543,
      receivedCrc: 0x5544,
    });
    expect(decodeSafePacket(hex('02 08 53 41 46 30 55 43 04'))).toMatchObject({ ok: false, error: 'no-etx' });
    expect(decodeSafePacket(hex('02 03 53 41'))).toMatchObject({ ok: false, error: 'bad-length' });
    expect(decodeSafePacket(hex('02 08 53 41 46'))).toMatchObject({ ok: false, error: 'truncated' });
    expect(decodeSafePacket(hex('53 08'))).toMatchObject({ ok: false, error: 'no-stx' });
  });

  it('refuses data that LEN cannot count', () => {
    expect(() => encodeSafePacket('x'.repeat(252))).toThrow(RangeError);
    expect(encodeSafePacket('x'.repeat(251))[1]).toBe(255);
  });
});

describe('basic framing', () => {
  it('host -> pump: text then CR', () => {
    expect(hexBytes(encodeBasicCommand('0RUN'))).toBe('30 52 55 4E 0D');
  });
  it('pump -> host: STX, reply, ETX, nothing after', () => {
    expect(hexBytes(encodeBasicReply('00S'))).toBe('02 30 30 53 03');
  });
});
