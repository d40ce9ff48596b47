/**
 * Request/response over a byte link, protocol-agnostic: at most one request in flight (devices
 * on a serial line answer in order and get confused by pipelining), a FIFO of waiters, a timeout
 * per request, unsolicited frames routed to listeners, and a validated reply or a typed error.
 */
import type * as z from 'zod';
import { RealClock, type Clock, type TimerId } from '../model/clock.ts';
import { TypedEmitter } from './emitter.ts';
import { InvalidReplyError, LinkClosedError, LinkLostError, LinkNotOpenError, TimeoutError, describeError } from './errors.ts';
import type { SerialLinkEvents } from './serial-link.ts';

/** What the channel needs from a link; `SerialLink` satisfies it. */
export interface ByteLink {
  readonly isOpen: boolean;
  write(bytes: Buffer | string): void;
  on<K extends keyof SerialLinkEvents>(event: K, listener: (payload: SerialLinkEvents[K]) => void): () => void;
}

/** Turns a byte stream into frames; `reset()` drops a partial frame (after a disconnect). */
export interface Framer {
  push(chunk: Uint8Array): void;
  reset(): void;
}

export type FramerFactory<F> = (onFrame: (frame: F) => void) => Framer;

export type ValidationResult<R> = { ok: true; value: R } | { ok: false; reason: string };

/** A zod schema for the frame, or a function that checks (and may transform) it. */
export type ReplyValidator<F, R> = z.ZodType<R> | ((frame: F) => ValidationResult<R>);

export interface RequestOptions {
  timeoutMs: number;
  /** Names the request in errors; defaults to the payload's text. */
  label?: string;
}

/** Sends a request bypassing the queue; handed to `resync` so it can talk before others. */
export type DirectRequest<R> = (payload: Buffer | string, options: RequestOptions) => Promise<R>;

export interface RequestChannelOptions<F, R> {
  link: ByteLink;
  framer: FramerFactory<F>;
  validate: ReplyValidator<F, R>;
  /** Frames for which this is true go to unsolicited listeners and are never a reply. */
  isUnsolicited?: (frame: F) => boolean;
  /** Runs after a reconnect (and after a timeout) before queued requests continue. */
  resync?: (request: DirectRequest<R>) => Promise<void>;
  /** Run `resync` after a timeout too, so a late reply is not taken for the next request. Default true. */
  resyncAfterTimeout?: boolean;
  describeFrame?: (frame: F) => string;
  clock?: Clock;
}

export interface RequestChannelEvents<F> {
  unsolicited: F;
  /** A reply-like frame that arrived with nothing in flight (e.g. a reply after its timeout). */
  stray: F;
  /** A reply that failed validation (the request is rejected with the same error). */
  invalid: InvalidReplyError;
  /** A failure not tied to one caller (resync failed). */
  error: Error;
}

interface Pending<R> {
  payload: Buffer | string;
  label: string | undefined;
  timeoutMs: number;
  deadlineAtMs: number;
  resolve: (value: R) => void;
  reject: (error: Error) => void;
}

type Phase = 'ready' | 'resyncing' | 'closed';

function defaultDescribe(frame: unknown): string {
  return Buffer.isBuffer(frame) ? frame.toString('latin1') : String(frame);
}

function labelOf(pending: Pick<Pending<unknown>, 'payload' | 'label'>): string {
  if (pending.label !== undefined) return pending.label;
  const text = typeof pending.payload === 'string' ? pending.payload : pending.payload.toString('latin1');
  return text.trimEnd();
}

export class RequestChannel<F, R> extends TypedEmitter<RequestChannelEvents<F>> {
  private readonly link: ByteLink;
  private readonly framer: Framer;
  private readonly clock: Clock;
  private readonly isUnsolicited: (frame: F) => boolean;
  private readonly check: (frame: F) => ValidationResult<R>;
  private readonly describeFrame: (frame: F) => string;
  private readonly queue: Pending<R>[] = [];
  private readonly directQueue: Pending<R>[] = [];
  private inFlight: Pending<R> | undefined;
  private phase: Phase = 'ready';
  // One timer at a time, re-armed lazily: back-to-back requests with the same timeout reuse it
  // instead of arming and clearing a timer per request (the hot path of a bench run).
  private timer: TimerId | undefined;
  private timerDueAtMs = Infinity;
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly options: RequestChannelOptions<F, R>) {
    super();
    this.link = options.link;
    this.clock = options.clock ?? new RealClock();
    this.isUnsolicited = options.isUnsolicited ?? (() => false);
    this.describeFrame = options.describeFrame ?? defaultDescribe;
    const validate = options.validate;
    this.check =
      typeof validate === 'function'
        ? validate
        : (frame) => {
            const parsed = validate.safeParse(frame);
            return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: parsed.error.message };
          };
    this.framer = options.framer((frame) => this.onFrame(frame));
    this.unsubscribe = [
      this.link.on('data', (chunk) => this.framer.push(chunk)),
      this.link.on('disconnected', (event) => this.onDisconnected(event.error)),
      this.link.on('reconnected', () => this.afterReconnect()),
      this.link.on('open', () => this.pump()),
      this.link.on('closed', () => this.close()),
    ];
  }

  /** Requests waiting, including the one in flight. */
  get pendingCount(): number {
    return this.queue.length + this.directQueue.length + (this.inFlight === undefined ? 0 : 1);
  }

  request(payload: Buffer | string, options: RequestOptions): Promise<R> {
    return this.enqueue(this.queue, payload, options);
  }

  onUnsolicited(listener: (frame: F) => void): () => void {
    return this.on('unsolicited', listener);
  }

  /** Detaches from the link (which stays open) and fails everything pending with LinkClosedError. */
  close(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    for (const off of this.unsubscribe) off();
    this.stopTimer();
    const error = new LinkClosedError('request channel');
    const inFlight = this.inFlight;
    this.inFlight = undefined;
    inFlight?.reject(error);
    for (const p of this.directQueue.splice(0)) p.reject(error);
    for (const p of this.queue.splice(0)) p.reject(error);
  }

  private enqueue(queue: Pending<R>[], payload: Buffer | string, options: RequestOptions): Promise<R> {
    if (this.phase === 'closed') return Promise.reject(new LinkClosedError('request channel'));
    return new Promise<R>((resolve, reject) => {
      queue.push({ payload, label: options.label, timeoutMs: options.timeoutMs, deadlineAtMs: Infinity, resolve, reject });
      this.pump();
    });
  }

  private readonly direct: DirectRequest<R> = (payload, options) => this.enqueue(this.directQueue, payload, options);

  /** Sends the next request if the line is free; queued requests wait out disconnects and resyncs. */
  private pump(): void {
    if (this.inFlight !== undefined || this.phase === 'closed' || !this.link.isOpen) return;
    const queue = this.phase === 'resyncing' ? this.directQueue : this.queue;
    const next = queue.shift();
    if (next === undefined) return;
    this.inFlight = next;
    next.deadlineAtMs = this.clock.now() + next.timeoutMs;
    this.armTimer(next.deadlineAtMs);
    try {
      this.link.write(next.payload);
    } catch (error) {
      this.inFlight = undefined;
      if (error instanceof LinkNotOpenError) {
        // The link dropped between isOpen and write: wait for the reconnect, keep our place.
        queue.unshift(next);
        return;
      }
      next.reject(error instanceof Error ? error : new Error(String(error)));
      this.pump();
    }
  }

  private onFrame(frame: F): void {
    if (this.isUnsolicited(frame)) {
      this.emit('unsolicited', frame);
      return;
    }
    const pending = this.inFlight;
    if (pending === undefined) {
      this.emit('stray', frame);
      return;
    }
    this.inFlight = undefined;
    const result = this.check(frame);
    if (result.ok) {
      pending.resolve(result.value);
    } else {
      const error = new InvalidReplyError(labelOf(pending), this.describeFrame(frame), result.reason);
      this.emit('invalid', error);
      pending.reject(error);
    }
    this.pump();
  }

  private armTimer(deadlineAtMs: number): void {
    // An armed timer due no later than this deadline will fire and re-arm for the rest.
    if (this.timer !== undefined && this.timerDueAtMs <= deadlineAtMs) return;
    this.stopTimer();
    this.timerDueAtMs = deadlineAtMs;
    this.timer = this.clock.setTimeout(() => this.onTimer(), Math.max(0, deadlineAtMs - this.clock.now()));
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueAtMs = Infinity;
  }

  private onTimer(): void {
    this.timer = undefined;
    this.timerDueAtMs = Infinity;
    const pending = this.inFlight;
    if (pending === undefined) return;
    if (this.clock.now() < pending.deadlineAtMs) {
      this.armTimer(pending.deadlineAtMs);
      return;
    }
    this.inFlight = undefined;
    pending.reject(new TimeoutError(labelOf(pending), pending.timeoutMs));
    const resyncing = this.phase === 'resyncing';
    if (!resyncing && this.options.resync !== undefined && this.options.resyncAfterTimeout !== false) {
      void this.runResync();
    } else {
      this.pump();
    }
  }

  private onDisconnected(cause: Error | undefined): void {
    // Bytes of a half-received frame belong to the old connection.
    this.framer.reset();
    const pending = this.inFlight;
    this.inFlight = undefined;
    this.stopTimer();
    pending?.reject(new LinkLostError(labelOf(pending), cause));
  }

  private afterReconnect(): void {
    // A resync the loss interrupted goes on: its next request waits in the direct queue.
    if (this.options.resync === undefined || this.phase === 'resyncing') this.pump();
    else void this.runResync();
  }

  private async runResync(): Promise<void> {
    const resync = this.options.resync;
    if (resync === undefined || this.phase !== 'ready') return;
    this.phase = 'resyncing';
    try {
      await resync(this.direct);
    } catch (error) {
      this.emit('error', new Error(`resync failed: ${describeError(error)}`, { cause: error }));
    }
    if (this.phase !== 'resyncing') return;
    this.phase = 'ready';
    // Direct requests the hook left behind have no one to run them now.
    for (const p of this.directQueue.splice(0)) p.reject(new LinkClosedError('resync'));
    this.pump();
  }
}
