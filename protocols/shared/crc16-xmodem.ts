/**
 * CRC-16/XMODEM (poly 0x1021, init 0x0000, no reflection, no final XOR): the CRC of the HAI
 * protocol's `*HHHH` suffix (hai/PROTOCOL.md section 3) and of the NE-1000's safe-mode packets.
 * Table-driven, straight over the text when it is text: every HAI request line goes through
 * here, and copying it into bytes first cost more than the CRC itself. The tests hold it to a
 * bitwise definition, to random bytes against that definition, and to the published check
 * value 0x31C3 of "123456789".
 */

const POLY = 0x1021;

/** TABLE[b]: the CRC register after shifting the byte b through an all-zero register. */
const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ POLY : crc << 1;
    table[byte] = crc & 0xffff;
  }
  return table;
})();

/** The register after one more byte: for parsers that fold the CRC into their own pass over a line. */
export const crc16XmodemStep = (crc: number, byte: number): number => ((crc << 8) & 0xffff) ^ (TABLE[(crc >> 8) ^ byte] ?? 0);

/**
 * CRC-16/XMODEM of `data`, 0..0xFFFF. Text is taken as Latin-1, one byte per character, which is
 * how both protocols' framers turn received bytes into text; a character above U+00FF has no
 * byte, so it throws (the parsers check the character set before they get here).
 */
export function crc16Xmodem(data: Uint8Array | string): number {
  let crc = 0;
  if (typeof data !== 'string') {
    for (const byte of data) crc = crc16XmodemStep(crc, byte);
    return crc;
  }
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    if (code > 0xff) throw new RangeError(`crc16Xmodem: character U+${code.toString(16)} is not a byte`);
    crc = crc16XmodemStep(crc, code);
  }
  return crc;
}
