/**
 * Splits a serial byte stream into MT-SICS lines. Serial reads arrive in arbitrary chunks, so a
 * line may be split anywhere (even between CR and LF). A line ends at LF; one trailing CR is
 * removed, so bare-LF devices work too. Empty lines are skipped (a stray CR LF is not a reply).
 * A line longer than `maxLineLength` is dropped up to its LF and counted in `droppedLines`:
 * noise on the line must not grow the buffer without bound.
 */
export class LineSplitter {
  private buffer = '';
  private discarding = false;
  droppedLines = 0;

  constructor(readonly maxLineLength = 256) {}

  /** Feeds one chunk; returns the complete lines it finished, in order. */
  push(chunk: string | Uint8Array): string[] {
    const text = typeof chunk === 'string' ? chunk : latin1(chunk);
    const lines: string[] = [];
    let start = 0;
    for (let lf = text.indexOf('\n', start); lf !== -1; lf = text.indexOf('\n', start)) {
      const piece = text.slice(start, lf);
      start = lf + 1;
      if (this.discarding) {
        this.discarding = false;
        this.buffer = '';
        continue;
      }
      const line = stripCr(this.buffer + piece);
      this.buffer = '';
      if (line.length > this.maxLineLength) {
        this.droppedLines += 1;
        continue;
      }
      if (line.length > 0) lines.push(line);
    }
    this.takeRemainder(text.slice(start));
    return lines;
  }

  /** The unterminated tail, for diagnostics (e.g. a device that stopped mid-line). */
  pending(): string {
    return this.buffer;
  }

  private takeRemainder(rest: string): void {
    if (this.discarding) return;
    this.buffer += rest;
    // +1 leaves room for the CR that may still precede the LF.
    if (this.buffer.length > this.maxLineLength + 1) {
      this.buffer = '';
      this.discarding = true;
      this.droppedLines += 1;
    }
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** MT-SICS is ASCII; latin1 maps every byte to one char, so a chunk boundary can never split a character. */
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
