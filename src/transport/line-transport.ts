/**
 * Request/response over LF-terminated text lines. Integrity (e.g. a CRC suffix) is the caller's
 * business, passed in as `encode`/`decode`: the transport knows lines, not any device protocol.
 */
import { ReadlineParser } from '@serialport/parser-readline';
import type { Clock } from '../model/clock.ts';
import { InvalidReplyError } from './errors.ts';
import {
  RequestChannel,
  type ByteLink,
  type DirectRequest,
  type Framer,
  type FramerFactory,
  type RequestChannelEvents,
  type ValidationResult,
} from './request-channel.ts';

export type LineDecodeResult = { ok: true; line: string } | { ok: false; reason?: string };

export interface LineTransportOptions {
  link: ByteLink & { close?: () => Promise<void> };
  /** Adds integrity to an outgoing line (without its LF); identity by default. */
  encode?: (line: string) => string;
  /** Checks and strips integrity from an incoming line (CR already removed). */
  decode?: (line: string) => LineDecodeResult;
  /** Lines that are events, not replies (checked on the raw line, before decode). */
  isUnsolicited?: (line: string) => boolean;
  /** Talks to the device after a reconnect or timeout before queued requests go on. */
  resync?: (request: (line: string, options: LineRequestOptions) => Promise<string>) => Promise<void>;
  resyncAfterTimeout?: boolean;
  clock?: Clock;
}

export interface LineRequestOptions {
  timeoutMs: number;
  label?: string;
}

/** Splits bytes into lines with serialport's ReadlineParser; a trailing CR is dropped (CR LF accepted). */
export const lfLineFramer: FramerFactory<string> = (onFrame) => {
  let parser: ReadlineParser;
  const start = (): void => {
    parser = new ReadlineParser({ delimiter: '\n', encoding: 'latin1' });
    parser.on('data', (line: string) => onFrame(line.endsWith('\r') ? line.slice(0, -1) : line));
  };
  start();
  const framer: Framer = {
    push: (chunk) => {
      parser.write(chunk);
    },
    reset: () => {
      parser.removeAllListeners('data');
      parser.destroy();
      start();
    },
  };
  return framer;
};

export class LineTransport {
  private readonly channel: RequestChannel<string, string>;
  private readonly encode: (line: string) => string;
  private readonly decode: ((line: string) => LineDecodeResult) | undefined;
  private readonly invalidListeners: ((error: InvalidReplyError) => void)[] = [];

  constructor(private readonly options: LineTransportOptions) {
    this.encode = options.encode ?? ((line) => line);
    const decode = options.decode;
    this.decode = decode;
    const resync = options.resync;
    this.channel = new RequestChannel<string, string>({
      link: options.link,
      framer: lfLineFramer,
      isUnsolicited: options.isUnsolicited,
      validate:
        decode === undefined
          ? (line): ValidationResult<string> => ({ ok: true, value: line })
          : (line): ValidationResult<string> => {
              const result = decode(line);
              return result.ok ? { ok: true, value: result.line } : { ok: false, reason: result.reason ?? 'decode failed' };
            },
      resync:
        resync === undefined
          ? undefined
          : (direct: DirectRequest<string>) =>
              resync((line, requestOptions) => direct(this.frameLine(line), this.withLabel(line, requestOptions))),
      resyncAfterTimeout: options.resyncAfterTimeout,
      clock: options.clock,
    });
  }

  /** Sends one line (LF added) and resolves with the decoded reply line. */
  request(line: string, options: LineRequestOptions): Promise<string> {
    return this.channel.request(this.frameLine(line), this.withLabel(line, options));
  }

  /** Listens to unsolicited lines (decoded); returns the unsubscribe function. */
  onUnsolicited(listener: (line: string) => void): () => void {
    const decode = this.decode;
    if (decode === undefined) return this.channel.onUnsolicited(listener);
    return this.channel.onUnsolicited((raw) => {
      const result = decode(raw);
      if (result.ok) listener(result.line);
      // A corrupt event line is reported, never delivered as if it were good.
      else this.reportUnsolicitedError(new InvalidReplyError(undefined, raw, result.reason ?? 'decode failed'));
    });
  }

  /** Stray lines (nothing in flight), invalid replies, resync failures. */
  on<K extends keyof RequestChannelEvents<string>>(event: K, listener: (payload: RequestChannelEvents<string>[K]) => void): () => void {
    return this.channel.on(event, listener);
  }

  /** Every line that failed `decode`: replies (whose request also rejects) and unsolicited lines. */
  onInvalid(listener: (error: InvalidReplyError) => void): () => void {
    this.invalidListeners.push(listener);
    const off = this.channel.on('invalid', listener);
    return () => {
      off();
      const i = this.invalidListeners.indexOf(listener);
      if (i >= 0) this.invalidListeners.splice(i, 1);
    };
  }

  get pendingCount(): number {
    return this.channel.pendingCount;
  }

  /** Fails pending requests and closes the link (the transport owns it). */
  async close(): Promise<void> {
    this.channel.close();
    await this.options.link.close?.();
  }

  private frameLine(line: string): string {
    return `${this.encode(line)}\n`;
  }

  private withLabel(line: string, options: LineRequestOptions): LineRequestOptions {
    return options.label === undefined ? { timeoutMs: options.timeoutMs, label: line } : options;
  }

  private reportUnsolicitedError(error: InvalidReplyError): void {
    for (const listener of this.invalidListeners) listener(error);
  }
}
