// What the NE-1000 deframers report: a frame each side understands, or a frame given up on.

export type NeBadFrameReason =
  /** safe packet whose CRC does not match its data */
  | 'bad-crc'
  /** safe packet whose last byte (at LEN) is not ETX */
  | 'no-etx'
  /** safe packet with LEN < 4 */
  | 'bad-length'
  /** partial safe packet dropped because its bytes were too far apart */
  | 'timeout'
  /** frame longer than the buffer limit; bytes discarded up to the next terminator */
  | 'overflow'
  /** a new STX arrived in the middle of an unfinished frame, which is dropped */
  | 'aborted'
  /** bytes outside any frame (host side only: the pump only speaks in frames) */
  | 'noise';

export interface NeBadFrameEvent {
  readonly type: 'bad';
  readonly reason: NeBadFrameReason;
  /** The bytes given up on (for a traffic log). */
  readonly bytes: Uint8Array;
  /** True when a damaged packet was received: the pump answers these `?COM` [M]. Timeouts,
   * overflows and noise are dropped without a reply [?: the manual does not say]. */
  readonly comWorthy: boolean;
}

export interface NeBasicCommandEvent {
  readonly type: 'basic';
  /** The raw text before CR, spaces and control characters still in: the command parser
   * normalises it exactly like the pump does. */
  readonly text: string;
}

export interface NeSafeFrameEvent {
  readonly type: 'safe';
  readonly data: Uint8Array;
  readonly text: string;
}

export interface NeBasicReplyEvent {
  readonly type: 'basic-reply';
  /** Reply data between STX and ETX, e.g. `00S26.59`. */
  readonly text: string;
}

export type NePumpSideEvent = NeBasicCommandEvent | NeSafeFrameEvent | NeBadFrameEvent;
export type NeHostSideEvent = NeBasicReplyEvent | NeSafeFrameEvent | NeBadFrameEvent;

/** A frame given up on; only damaged packets are worth a `?COM` reply. */
export function bad(reason: NeBadFrameReason, bytes: readonly number[]): NeBadFrameEvent {
  const comWorthy = reason === 'bad-crc' || reason === 'no-etx' || reason === 'bad-length';
  return { type: 'bad', reason, bytes: Uint8Array.from(bytes), comWorthy };
}
