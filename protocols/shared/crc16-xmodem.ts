/**
 * CRC-16/XMODEM (poly 0x1021, init 0x0000, no reflection, no final XOR): the CRC of the HAI
 * protocol's `*HHHH` suffix (hai/PROTOCOL.md section 3) and of the NE-1000's safe-mode packets.
 * The `crc` package's calculator does the arithmetic, through its Uint8Array-only entry point
 * so no Node Buffer is needed; the check value 0x31C3 for "123456789" is asserted in the tests.
 */
import crc16xmodemBytes from 'crc/calculators/crc16xmodem';

/**
 * Strings are taken as Latin-1, one byte per character, which is how both protocols' framers turn
 * received bytes into text. A character above U+00FF has no byte, so it throws; the parsers check
 * the character set before they compute a CRC, so they never get here.
 */
function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new RangeError(`crc16Xmodem: character U+${code.toString(16)} is not a byte`);
    bytes[i] = code;
  }
  return bytes;
}

/** CRC-16/XMODEM of `data`, 0..0xFFFF. */
export function crc16Xmodem(data: Uint8Array | string): number {
  return crc16xmodemBytes(typeof data === 'string' ? latin1Bytes(data) : data) & 0xffff;
}
