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

/**
 * The last `*` followed by exactly four hex digits and the end of the line. Because the four
 * characters after the matched `*` are hex digits, that `*` is necessarily the line's last one.
 */
const CRC_SUFFIX = /\*([0-9A-Fa-f]{4})$/;

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

/** Hands the body and the CRC verdict back; throws only for non-byte characters (see toBytes). */
export function splitCrc(line: string): SplitLine {
  const match = CRC_SUFFIX.exec(line);
  if (match === null) return { body: line };
  const body = line.slice(0, match.index);
  const given = Number.parseInt(match[1] ?? '', 16);
  const computed = crc16Xmodem(body);
  return { body, crc: { given, computed, ok: given === computed } };
}

/** Whether the line ends in a syntactic CRC suffix, without computing anything. */
export function hasCrcSuffix(line: string): boolean {
  return CRC_SUFFIX.test(line);
}
