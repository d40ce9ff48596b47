// The one CRC-16/XMODEM both protocols use. Protocol worked values are pinned where the
// protocols are (hai/crc.test.ts: PROTOCOL.md section 3; newera/framing.test.ts: the NE-1000
// reference); here only what the shared function itself promises.
import { describe, expect, it } from 'vitest';
import { crc16Xmodem, crc16XmodemStep } from '../../../protocols/shared/crc16-xmodem.ts';

describe('crc16Xmodem', () => {
  it('has the standard check value 0x31C3 for "123456789", as text and as bytes', () => {
    expect(crc16Xmodem('123456789')).toBe(0x31c3);
    expect(crc16Xmodem(Uint8Array.of(0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39))).toBe(0x31c3);
  });

  it('reads text as Latin-1, one byte per character (0xFF is a byte, U+0100 is not)', () => {
    expect(crc16Xmodem('\xff')).toBe(crc16Xmodem(Uint8Array.of(0xff)));
    expect(crc16Xmodem('')).toBe(0);
    expect(() => crc16Xmodem('\u0100')).toThrow(RangeError);
  });
  it('folded byte by byte with crc16XmodemStep, gives the same check value', () => {
    let register = 0;
    for (const byte of [0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39]) register = crc16XmodemStep(register, byte);
    expect(register).toBe(0x31c3);
  });
});
