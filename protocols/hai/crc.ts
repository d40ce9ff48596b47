/**
 * The optional integrity suffix `*HHHH` (PROTOCOL.md section 3): the CRC-16/XMODEM of the bytes
 * before the `*`, as four hex digits.
 */
import { crc16Xmodem } from '../shared/crc16-xmodem.ts';

/** Four uppercase hex digits, as senders write them. */
export function formatCrcHex(crc: number): string {
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** `line` + `*HHHH` (no terminator). */
export function appendCrc(line: string): string {
  return `${line}*${formatCrcHex(crc16Xmodem(line))}`;
}

/** 0..15 for a hex digit's character code (either case), -1 for anything else. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Characters of the suffix: `*` and four hex digits. */
export const CRC_SUFFIX_LENGTH = 5;

/**
 * The CRC a line's suffix states, or -1 when it has none: the suffix is a `*` and exactly four hex
 * digits at the end of the line, so that `*` is necessarily the line's last one (section 3.2).
 */
export function crcSuffixValue(line: string): number {
  const star = line.length - CRC_SUFFIX_LENGTH;
  if (star < 0 || line.charCodeAt(star) !== 0x2a) return -1;
  let value = 0;
  for (let i = star + 1; i < line.length; i++) {
    const digit = hexValue(line.charCodeAt(i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

export interface CrcCheck {
  /** The value written in the line. */
  readonly given: number;
  /** The value computed over the body. */
  readonly computed: number;
  readonly ok: boolean;
}

export interface SplitLine {
  /** The text before the suffix (the whole line when there is none). */
  readonly body: string;
  /** Present only when the line carries a suffix. */
  readonly crc?: CrcCheck;
}

/** Hands the body and the CRC verdict back; throws only for non-byte characters (see crc16Xmodem). */
export function splitCrc(line: string): SplitLine {
  const given = crcSuffixValue(line);
  if (given < 0) return { body: line };
  const body = line.slice(0, line.length - CRC_SUFFIX_LENGTH);
  const computed = crc16Xmodem(body);
  return { body, crc: { given, computed, ok: given === computed } };
}

/** Whether the line ends in a syntactic CRC suffix, without computing anything. */
export function hasCrcSuffix(line: string): boolean {
  return crcSuffixValue(line) >= 0;
}
