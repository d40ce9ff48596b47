// What a UART at one baud rate receives from a UART sending at another: the bits are
// resampled. A pseudo-terminal carries bytes, not bits, so a baud mismatch can only be
// emulated; `haipump sim --line-baud B` (and the tests) tell the emulator the baud of the
// host's end of the cable, and this turns the bytes into what the mismatched receiver sees.
import type { Uart } from '../../hal/types.ts';

const BITS_PER_FRAME = 10; // 8N1: start, 8 data (LSB first), stop

/** The bytes a receiver at `receiverBaud` decodes from `bytes` sent back to back at
 * `senderBaud` (8N1, line idle high before and after). Framing errors are delivered as the
 * sampled byte, as a raw-mode tty without PARMRK would. */
export function resampleUart(bytes: Uint8Array, senderBaud: number, receiverBaud: number): Uint8Array {
  if (senderBaud === receiverBaud) return bytes;
  const bits: number[] = [];
  for (const b of bytes) {
    bits.push(0);
    for (let k = 0; k < 8; k++) bits.push((b >> k) & 1);
    bits.push(1);
  }
  const level = (t: number): number => (t < 0 || t >= bits.length ? 1 : (bits[Math.floor(t)] ?? 1));
  // One receiver bit lasts this many sender bits.
  const ratio = senderBaud / receiverBaud;
  const out: number[] = [];
  let t = 0;
  while (t < bits.length) {
    // The next falling edge: levels only change on whole sender bits.
    let edge = Math.ceil(t);
    while (edge < bits.length && level(edge) !== 0) edge++;
    if (edge >= bits.length) break;
    let byte = 0;
    for (let k = 0; k < 8; k++) byte |= level(edge + ratio * (1.5 + k)) << k;
    out.push(byte);
    t = edge + ratio * (BITS_PER_FRAME - 0.5);
  }
  return Uint8Array.from(out);
}

/**
 * Wraps the device's UART so both directions cross a cable whose other end runs at
 * `lineBaud`, while the device runs at `deviceBaud()` (which `*ADR`/`baud` may change).
 */
export function mismatchedLine(uart: Uart, deviceBaud: () => number, lineBaud: number): Uart {
  return {
    write(bytes) {
      uart.write(resampleUart(bytes, deviceBaud(), lineBaud));
    },
    onBytes(handler) {
      uart.onBytes((bytes) => {
        const seen = resampleUart(bytes, lineBaud, deviceBaud());
        if (seen.length > 0) handler(seen);
      });
    },
    close: () => uart.close(),
  };
}
