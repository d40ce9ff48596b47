// CRC-16/XMODEM (poly 0x1021, init 0x0000, no reflection, no final xor): the CRC the
// NE-1000 safe mode uses. The `crc` package's calculator is used because it is already a
// project dependency and tested upstream; the check value 0x31C3 for "123456789" is
// asserted in our tests so a wrong import would fail loudly.
import crc16xmodemCalc from 'crc/calculators/crc16xmodem';

/** CRC-16/XMODEM of `bytes`, 0..0xFFFF. */
export function crc16Xmodem(bytes: Uint8Array): number {
  return crc16xmodemCalc(bytes) & 0xffff;
}
