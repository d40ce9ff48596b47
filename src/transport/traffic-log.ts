/**
 * Raw traffic log: one JSON line per chunk sent or received, or per link event, so a bench
 * session can be replayed and a protocol dispute settled from the bytes, not from memory.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Clock } from '../model/clock.ts';

export type TrafficDirection = 'tx' | 'rx' | 'event';

export interface TrafficLogEntry {
  atMs: number;
  dir: TrafficDirection;
  /** The exact bytes, lowercase hex; empty for events. */
  hex: string;
  /** The bytes as latin1 (one char per byte, lossless), or the event's description. */
  text: string;
}

/** A stream we write to, or a file path we append to (and own, so we close it). */
export type TrafficLogSink = Writable | string;

export class TrafficLog {
  private readonly stream: Writable;
  private readonly ownsStream: boolean;

  constructor(
    sink: TrafficLogSink,
    private readonly clock: Clock,
  ) {
    this.ownsStream = typeof sink === 'string';
    this.stream = typeof sink === 'string' ? createWriteStream(sink, { flags: 'a' }) : sink;
  }

  tx(bytes: Buffer): void {
    this.bytes('tx', bytes);
  }

  rx(bytes: Buffer): void {
    this.bytes('rx', bytes);
  }

  event(text: string): void {
    this.write({ atMs: this.clock.now(), dir: 'event', hex: '', text });
  }

  /** Ends the file we opened; a caller's stream is left open (it is theirs). */
  close(): Promise<void> {
    if (!this.ownsStream) return Promise.resolve();
    return new Promise((resolve) => this.stream.end(resolve));
  }

  private bytes(dir: 'tx' | 'rx', bytes: Buffer): void {
    this.write({ atMs: this.clock.now(), dir, hex: bytes.toString('hex'), text: bytes.toString('latin1') });
  }

  private write(entry: TrafficLogEntry): void {
    this.stream.write(`${JSON.stringify(entry)}\n`);
  }
}
