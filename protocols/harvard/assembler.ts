// Host side: cut the pump's byte stream into complete replies (body lines + prompt).
// The prompt has no line end after it, so a reply is complete when the unterminated tail
// of the buffer IS a prompt (`:`, `>`, `<`, `*`, `T*`, optionally after a 2-digit address).
// A prompt's first bytes alone never match (`T`, `0`, `01`), and no body line of the Ultra
// set starts with a prompt (they are numbers, words, `<n> <u> to <n> <u>`, status fields),
// so cutting the stream anywhere cannot complete a reply early. Limit: a body line that did
// start with `:`, `<`, `>`, `*`, `T*` or `dd:` could be cut right after that prefix and end
// the reply early; a driver that must survive that can add a short quiet-time check.
// Pure and chunk-agnostic like serialport's parsers; never throws.
import { HARVARD_PROMPT_LINE, makeHarvardReply, parsePromptLine } from './reply.ts';
import type { HarvardReply } from './reply.ts';

export interface HarvardAssemblerOptions {
  /** Longest unterminated line kept; beyond it the partial line is dropped. */
  readonly maxLineBytes?: number;
}

export class HarvardReplyAssembler {
  private readonly maxLineBytes: number;
  private tail = '';
  private lines: string[] = [];
  private dropped = 0;

  constructor(options: HarvardAssemblerOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? 1024;
  }

  /** Bytes dropped so far because a line grew past maxLineBytes. */
  get droppedBytes(): number {
    return this.dropped;
  }

  get hasPartial(): boolean {
    return this.tail !== '' || this.lines.length > 0;
  }

  reset(): void {
    this.tail = '';
    this.lines = [];
  }

  /** Feed a chunk (bytes as latin-1, or text); returns the replies it completed. */
  push(chunk: Uint8Array | string): HarvardReply[] {
    const text = typeof chunk === 'string' ? chunk : String.fromCharCode(...chunk);
    const out: HarvardReply[] = [];
    let buf = this.tail + text;
    for (;;) {
      const i = buf.search(/[\r\n]/);
      if (i < 0) break;
      const line = buf.slice(0, i);
      // CR LF, lone CR and lone LF all end a line; an empty line between CR and LF is skipped.
      buf = buf.slice(i + (buf[i] === '\r' && buf[i + 1] === '\n' ? 2 : 1));
      this.takeLine(line, out);
    }
    if (HARVARD_PROMPT_LINE.test(buf)) {
      this.takeLine(buf, out);
      buf = '';
    } else if (buf.length > this.maxLineBytes) {
      this.dropped += buf.length;
      buf = '';
    }
    this.tail = buf;
    return out;
  }

  private takeLine(line: string, out: HarvardReply[]): void {
    const prompt = parsePromptLine(line);
    if (prompt !== null) {
      out.push(makeHarvardReply(this.lines, prompt.prompt, prompt.address));
      this.lines = [];
      return;
    }
    // The empty first line (and any blank line) carries nothing.
    if (line.trim() !== '') this.lines.push(line);
  }
}

/** Pump side: cut the host's byte stream into command lines. CR ends a line [M]; LF is
 * ignored so CR LF works [M]; a lone LF also ends a line ([?] lenient, for terminals). */
export class HarvardCommandSplitter {
  private buf = '';
  private overflowed = false;

  constructor(private readonly maxLineBytes = 256) {}

  reset(): void {
    this.buf = '';
    this.overflowed = false;
  }

  /** Returns complete lines; a line that overflowed is returned as `{ overflow: true }`
   * once, so the device can answer `Command error` [?]. */
  push(chunk: Uint8Array | string): Array<{ readonly line: string } | { readonly overflow: true }> {
    const text = typeof chunk === 'string' ? chunk : String.fromCharCode(...chunk);
    const out: Array<{ readonly line: string } | { readonly overflow: true }> = [];
    for (const ch of text) {
      if (ch === '\r' || ch === '\n') {
        if (this.overflowed) out.push({ overflow: true });
        else if (this.buf.trim() !== '') out.push({ line: this.buf });
        this.buf = '';
        this.overflowed = false;
        continue;
      }
      if (this.overflowed) continue;
      this.buf += ch;
      if (this.buf.length > this.maxLineBytes) {
        this.buf = '';
        this.overflowed = true;
      }
    }
    return out;
  }
}
