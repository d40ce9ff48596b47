/**
 * The test oracle for PROTOCOL.md 3.1's CRC-16/XMODEM, written bit by bit here so that the
 * expected lines never come from the codec under test (protocols/hai/crc.ts).
 */

/** The four upper-case hex digits of the CRC of `text` (Latin-1). */
export function crcOf(text: string): string {
  let crc = 0;
  for (const byte of Buffer.from(text, 'latin1')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** `text` with its `*XXXX` suffix, as the device sends it. */
export const withCrc = (text: string): string => `${text}*${crcOf(text)}`;
