// ASCII <-> bytes without Buffer, so the codecs run in any JS runtime (and in the
// emulated firmware) unchanged. Latin-1 is used so every byte value round-trips: a
// garbage byte >= 0x80 must survive into an error report, not become U+FFFD.

/** Encode a string whose code points are all < 256 as bytes (latin-1). */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new RangeError(`character U+${code.toString(16)} at ${i} is not a byte`);
    out[i] = code;
  }
  return out;
}

/** Decode bytes as latin-1 (one char per byte, never lossy). */
export function bytesToAscii(bytes: Uint8Array | readonly number[]): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** `02 08 53 ...` form, for test messages and traffic logs. */
export function hexBytes(bytes: Uint8Array | readonly number[]): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}
