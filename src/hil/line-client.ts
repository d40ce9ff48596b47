/**
 * The host side of one HIL connection: a `SerialLink` (open with retry, reopen after an unplug)
 * carrying lines in a device dialect. Every received line is kept (so a test can look back for
 * an event that came while it was busy); replies are matched to requests by order, which the
 * protocols guarantee (one request, one reply, in order; events never count as replies).
 *
 * Not `RequestChannel`: the harness also sends lines *without* waiting (`send`) and must still
 * know that the next reply belongs to that line and not to the following request.
 */
import type { Clock } from '../model/clock.ts';
import { SerialLink } from '../transport/serial-link.ts';
import { HilDeviceError, HilSilentDeviceError } from './errors.ts';
import type { Dialect } from './dialects/types.ts';
import type { TranscriptRecorder } from './transcript.ts';

export interface ReceivedLine {
  /** Position in `lines`, from 0. */
  index: number;
  /** The decoded text (integrity suffix removed). */
  text: string;
  raw: string;
  intact: boolean;
  unsolicited: boolean;
  wallMs: number;
}

type Slot = { kind: 'send' } | { kind: 'request'; resolve: (line: ReceivedLine) => void; reject: (error: Error) => void };

export interface LineClientOptions {
  path: string;
  baudRate?: number;
  dialect: Dialect;
  recorder?: TranscriptRecorder;
  /** First open: how many attempts (50 ms backoff, doubling). */
  openAttempts?: number;
  /** Reply timeouts, reconnect backoff and the `wallMs` of each line. */
  clock: Clock;
}

export class LineClient {
  readonly lines: ReceivedLine[] = [];
  private readonly link: SerialLink;
  private readonly slots: Slot[] = [];
  private readonly listeners = new Set<(line: ReceivedLine) => void>();
  private readonly connectionListeners = new Set<(up: boolean) => void>();
  private readonly settledListeners = new Set<() => void>();
  private readonly framer;

  constructor(private readonly options: LineClientOptions) {
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? options.dialect.factoryBaud,
      openAttempts: options.openAttempts ?? 5,
      clock: options.clock,
      // Replug in tests is a matter of tenths of a second; don't back off to seconds.
      backoff: { initialMs: 20, maxMs: 250 },
    });
    this.framer = options.dialect.createFramer((raw) => this.onRaw(raw), options.clock);
    this.link.on('data', (chunk) => {
      options.recorder?.bytes('rx', chunk);
      this.framer.push(chunk);
    });
    this.link.on('disconnected', ({ path }) => {
      options.recorder?.event(`disconnected ${path}`);
      this.framer.reset();
      // Replies owed on the old connection will never come.
      this.failSlots(new HilDeviceError(`link lost (${path})`));
      for (const l of this.connectionListeners) l(false);
    });
    this.link.on('reconnected', ({ path }) => {
      options.recorder?.event(`reconnected ${path}`);
      for (const l of this.connectionListeners) l(true);
    });
    // A port error is surfaced as a disconnect or a failed request; never an unhandled 'error'.
    this.link.on('error', () => undefined);
  }

  get path(): string {
    return this.options.path;
  }

  get isOpen(): boolean {
    return this.link.isOpen;
  }

  async open(): Promise<void> {
    await this.link.open();
    this.options.recorder?.event(`open ${this.options.path}`);
  }

  /** Writes one line; a reply it gets is recorded but not awaited. */
  send(line: string): void {
    this.write(line);
    if (this.options.dialect.expectsReply(line)) this.slots.push({ kind: 'send' });
  }

  /** Writes one line and resolves with its reply, or rejects after `timeoutMs` of real time. */
  request(line: string, timeoutMs: number): Promise<ReceivedLine> {
    return new Promise((resolve, reject) => {
      const clock = this.options.clock;
      const slot: Slot = {
        kind: 'request',
        resolve: (reply) => {
          clock.clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clock.clearTimeout(timer);
          reject(error);
        },
      };
      const timer = clock.setTimeout(() => {
        const i = this.slots.indexOf(slot);
        // Everything owed before it is lost too (a muted or gone device): start counting afresh.
        if (i >= 0) this.slots.splice(0, i + 1);
        this.notifyIfSettled();
        reject(new HilSilentDeviceError(`no reply to ${JSON.stringify(line)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.slots.push(slot);
      try {
        this.write(line);
      } catch (error) {
        clock.clearTimeout(timer);
        this.slots.splice(this.slots.indexOf(slot), 1);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Replies still owed to lines sent with `send` or `request`. */
  get owedReplies(): number {
    return this.slots.length;
  }

  /**
   * Resolves when no reply is owed any more (lines sent with `send` have had theirs), or after
   * `timeoutMs` of this client's clock, whichever comes first: a device that never answers a
   * `send` must not stall the harness, and the next request finds out it is silent.
   */
  settled(timeoutMs: number): Promise<void> {
    if (this.slots.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.options.clock.clearTimeout(timer);
        this.settledListeners.delete(done);
        resolve();
      };
      const timer = this.options.clock.setTimeout(done, timeoutMs);
      this.settledListeners.add(done);
    });
  }

  onLine(listener: (line: ReceivedLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnection(listener: (up: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.failSlots(new HilDeviceError('connection closed'));
    await this.link.close();
  }

  private write(line: string): void {
    const bytes = Buffer.from(this.options.dialect.encode(line), 'latin1');
    this.options.recorder?.bytes('tx', bytes);
    this.link.write(bytes);
  }

  private failSlots(error: Error): void {
    for (const slot of this.slots.splice(0)) if (slot.kind === 'request') slot.reject(error);
    this.notifyIfSettled();
  }

  private notifyIfSettled(): void {
    if (this.slots.length === 0) for (const l of [...this.settledListeners]) l();
  }

  private onRaw(raw: string): void {
    const dialect = this.options.dialect;
    const decoded = dialect.decode(raw);
    const unsolicited = dialect.isUnsolicited(decoded.text);
    const line: ReceivedLine = {
      index: this.lines.length,
      text: decoded.text,
      raw,
      intact: decoded.intact,
      unsolicited,
      wallMs: this.options.clock.now(),
    };
    this.lines.push(line);
    if (!unsolicited && raw.trim() !== '') {
      const slot = this.slots.shift();
      if (slot?.kind === 'request') slot.resolve(line);
      this.notifyIfSettled();
    }
    for (const l of this.listeners) l(line);
  }
}
