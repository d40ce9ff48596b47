/**
 * The reply envelope (PROTOCOL.md section 2): `OK`, `ERR <code>,"<text>"`, or a value, with the
 * CRC suffix when the request had one. What a value means is values.ts's job.
 */
import { appendCrc, splitCrc } from './crc.ts';
import type { HaiError } from './errors.ts';
import { MAX_LINE_BYTES } from './limits.ts';

export type HaiReply =
  | { readonly kind: 'ok' }
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'error'; readonly code: number; readonly message: string };

export interface FormatReplyOptions {
  /** Append `*HHHH`: true exactly when the request carried one. */
  readonly crc?: boolean;
}

const PRINTABLE = /^[\x20-\x7E\t]*$/;
const ERR_LINE = /^ERR (-?\d{1,6}),"((?:[^"]|"")*)"$/;
/** Room for text: 256 minus LF minus the 5-byte suffix, so any reply fits with or without CRC. */
const MAX_REPLY_TEXT = MAX_LINE_BYTES - 1 - 5;

const finish = (line: string, options: FormatReplyOptions): string => (options.crc === true ? appendCrc(line) : line);

/** Why `text` may not be sent as a value reply, or null when it may. */
export function valueProblem(text: string): string | null {
  if (!PRINTABLE.test(text)) return 'non-printable character';
  if (text.includes('*')) return 'contains *';
  if (text.startsWith('!')) return 'starts with !';
  if (text === 'OK' || text.startsWith('ERR ')) return 'looks like OK/ERR';
  if (text.trim() === '') return 'blank';
  if (text.length > MAX_REPLY_TEXT) return 'too long';
  return null;
}

export function formatOk(options: FormatReplyOptions = {}): string {
  return finish('OK', options);
}

/** Throws a RangeError for a text the spec forbids as a value: that is a device bug, not input. */
export function formatValue(text: string, options: FormatReplyOptions = {}): string {
  const problem = valueProblem(text);
  if (problem !== null) throw new RangeError(`formatValue: ${problem}: ${JSON.stringify(text)}`);
  return finish(text, options);
}

/**
 * `ERR <code>,"<message>"`. The message is made safe rather than refused, since it may quote
 * what the host sent: non-printable characters become `?`, `"` is doubled, and it is cut so
 * the line fits in 256 bytes.
 */
export function formatError(code: number, message: string, options: FormatReplyOptions = {}): string {
  const head = `ERR ${Math.trunc(code)},"`;
  let quoted = message.replace(/[^\x20-\x7E]/g, '?').replace(/"/g, '""');
  const room = MAX_REPLY_TEXT - head.length - 1;
  if (quoted.length > room) {
    quoted = quoted.slice(0, room);
    // Never end on half of a doubled quote.
    if (/(^|[^"])("")*"$/.test(quoted)) quoted = quoted.slice(0, -1);
  }
  return finish(`${head}${quoted}"`, options);
}

export function formatErrorReply(error: HaiError, options: FormatReplyOptions = {}): string {
  return formatError(error.code, error.message, options);
}

export function formatReply(reply: HaiReply, options: FormatReplyOptions = {}): string {
  switch (reply.kind) {
    case 'ok':
      return formatOk(options);
    case 'value':
      return formatValue(reply.text, options);
    case 'error':
      return formatError(reply.code, reply.message, options);
  }
}

export type ReplyParse =
  | { readonly ok: true; readonly reply: HaiReply; readonly crc: boolean }
  | {
      readonly ok: false;
      /** unsolicited: a `!` line, not a reply; the rest mean the line cannot be trusted. */
      readonly reason: 'unsolicited' | 'blank' | 'malformed' | 'crc-mismatch' | 'crc-missing';
      readonly detail: string;
    };

export interface ParseReplyOptions {
  /** The request carried a CRC, so the reply must too. */
  readonly requireCrc?: boolean;
}

/** Never throws. A host treats any `ok: false` other than 'unsolicited' as "no reply received". */
export function parseReply(text: string, options: ParseReplyOptions = {}): ReplyParse {
  if (text.startsWith('!')) return { ok: false, reason: 'unsolicited', detail: text };
  if (!PRINTABLE.test(text)) return { ok: false, reason: 'malformed', detail: 'non-printable character' };
  const split = splitCrc(text);
  if (split.crc !== undefined && !split.crc.ok) return { ok: false, reason: 'crc-mismatch', detail: text };
  if (split.crc === undefined && options.requireCrc === true) return { ok: false, reason: 'crc-missing', detail: text };
  const body = split.body;
  const crc = split.crc !== undefined;
  if (body.trim() === '') return { ok: false, reason: 'blank', detail: text };
  if (body === 'OK') return { ok: true, reply: { kind: 'ok' }, crc };
  if (body.startsWith('ERR ')) {
    const match = ERR_LINE.exec(body);
    if (match === null) return { ok: false, reason: 'malformed', detail: body };
    const message = (match[2] ?? '').replace(/""/g, '"');
    return { ok: true, reply: { kind: 'error', code: Number(match[1]), message }, crc };
  }
  const problem = valueProblem(body);
  if (problem !== null) return { ok: false, reason: 'malformed', detail: problem };
  return { ok: true, reply: { kind: 'value', text: body }, crc };
}
