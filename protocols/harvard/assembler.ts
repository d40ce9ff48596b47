// Byte streams to messages, both ways. Pure and chunk-agnostic like serialport's parsers;
// never throws.
//
// Host side (`HarvardReplyAssembler`): a reply is `<lf>[##:]line<cr>` body lines and then the
// prompt `<lf>[##]<prompt>` with no line end [M], so a reply is complete when the unterminated
// tail IS a prompt. One tail is ambiguous: `06:` is pump 6's idle prompt, and also how each of
// pump 6's body lines begins. It is taken as the prompt when an LF follows it without a CR
// before (the next reply), when an XON follows it (poll mode), or when the caller says the line
// went quiet (`flush()`, after a short timeout); until then `promptPending` is true.
// Pump side (`HarvardCommandSplitter`): CR ends a command line [M].
import { makeHarvardReply, parsePromptLine, XON } from './reply.ts';
import type { HarvardReply } from './reply.ts';

export interface HarvardAssemblerOptions {
  /** Longest unterminated line kept; beyond it the partial line is dropped. */
  readonly maxLineBytes?: number;
}

const AMBIGUOUS_PROMPT = /^\d\d:$/;

const toText = (chunk: Uint8Array | string): string => (typeof chunk === 'string' ? chunk : String.fromCharCode(...chunk));

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

  /** The tail is `##:`: the prompt, unless more of a body line follows. See flush(). */
  get promptPending(): boolean {
    return AMBIGUOUS_PROMPT.test(this.tail);
  }

  reset(): void {
    this.tail = '';
    this.lines = [];
  }

  /** Feed a chunk (bytes as latin-1, or text); returns the replies it completed. */
  push(chunk: Uint8Array | string): HarvardReply[] {
    const out: HarvardReply[] = [];
    for (const ch of toText(chunk)) {
      if (ch === '\n') {
        this.endSegment(out);
      } else if (ch === XON) {
        // XON only ever follows a prompt [M]; anywhere else it is dropped.
        if (parsePromptLine(this.tail) !== null) this.complete(this.tail, true, out);
      } else {
        this.tail += ch;
        if (this.tail.length > this.maxLineBytes) {
          this.dropped += this.tail.length;
          this.tail = '';
        }
      }
    }
    if (parsePromptLine(this.tail) !== null && !this.promptPending) this.complete(this.tail, false, out);
    return out;
  }

  /** The line went quiet: a pending `##:` tail is the prompt. */
  flush(): HarvardReply[] {
    const out: HarvardReply[] = [];
    if (parsePromptLine(this.tail) !== null) this.complete(this.tail, false, out);
    return out;
  }

  private endSegment(out: HarvardReply[]): void {
    const segment = this.tail;
    this.tail = '';
    if (segment.endsWith('\r')) this.lines.push(segment.slice(0, -1));
    // A prompt has no CR: an LF right after one starts the next reply.
    else if (parsePromptLine(segment) !== null) this.complete(segment, false, out);
    // The LF that opens a reply (nothing before it), or stray bytes kept as a line.
    else if (segment !== '') this.lines.push(segment);
  }

  private complete(promptLine: string, xon: boolean, out: HarvardReply[]): void {
    const prompt = parsePromptLine(promptLine);
    this.tail = '';
    if (prompt === null) return;
    const prefix = prompt.address === undefined ? undefined : `${String(prompt.address).padStart(2, '0')}:`;
    const body = this.lines.map((l) => (prefix !== undefined && l.startsWith(prefix) ? l.slice(prefix.length) : l));
    this.lines = [];
    out.push(makeHarvardReply(body, prompt.prompt, prompt.address, xon || prompt.xon));
  }
}

export type HarvardCommandLine = { readonly line: string } | { readonly overflow: true };

/**
 * Pump side: cut the host's byte stream into command lines. CR ends a line [M] (a bare CR is
 * an empty line, answered with a prompt [M]); LF is ignored, so CR LF is one line end [C:
 * clients send CR LF and read one reply]. [?] As on a terminal, backspace/DEL remove the last
 * character and other control or non-ASCII bytes are dropped. A line longer than
 * `maxLineBytes` is reported once as `{ overflow: true }`.
 */
export class HarvardCommandSplitter {
  private buf = '';
  private overflowed = false;

  constructor(private readonly maxLineBytes = 256) {}

  reset(): void {
    this.buf = '';
    this.overflowed = false;
  }

  push(chunk: Uint8Array | string): HarvardCommandLine[] {
    const out: HarvardCommandLine[] = [];
    for (const ch of toText(chunk)) {
      if (ch === '\r') {
        out.push(this.overflowed ? { overflow: true } : { line: this.buf });
        this.buf = '';
        this.overflowed = false;
      } else if (ch === '\b' || ch === '\x7f') {
        this.buf = this.buf.slice(0, -1);
      } else if (ch >= ' ' && ch <= '~' && !this.overflowed) {
        this.buf += ch;
        if (this.buf.length > this.maxLineBytes) {
          this.buf = '';
          this.overflowed = true;
        }
      }
    }
    return out;
  }
}
