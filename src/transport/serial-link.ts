/**
 * A serial port that stays connected: opens with retry and exponential backoff, notices an
 * unplug, and reopens a fresh port instance (serialport has no built-in reconnect) until it is
 * closed on purpose. Bytes only; framing and request/response live above it.
 */
import { SerialPort } from 'serialport';
import { RealClock, type Clock, type TimerId } from '../model/clock.ts';
import { TypedEmitter } from './emitter.ts';
import { LinkClosedError, LinkNotOpenError, OpenFailedError, describeError } from './errors.ts';
import { listPorts, portMatches, type PortInfo, type PortMatch } from './ports.ts';
import { TrafficLog, type TrafficLogSink } from './traffic-log.ts';

/** The part of serialport's stream we use; `SerialPort` and `SerialPortMock` both satisfy it. */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  close(callback?: (error?: Error | null) => void): void;
  write(data: Buffer, callback?: (error: Error | null | undefined) => void): boolean;
  on(event: 'data' | 'close' | 'error', listener: (...args: never[]) => void): unknown;
  removeAllListeners(event?: string): unknown;
}

export interface OpenRequest {
  path: string;
  baudRate: number;
}

/** Makes an unopened port; tests pass one that builds `SerialPortMock`s. */
export type PortOpener = (request: OpenRequest) => SerialPortLike;

export const defaultOpener: PortOpener = ({ path, baudRate }) => new SerialPort({ path, baudRate, autoOpen: false });

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
}

export interface SerialLinkOptions {
  path: string;
  /** The device's baud: each driver passes its instrument's factory setting unless told otherwise. */
  baudRate: number;
  opener?: PortOpener;
  clock?: Clock;
  /** When given, the port is (re)found by listing ports and matching these; `path` is the fallback. */
  match?: PortMatch;
  lister?: () => Promise<PortInfo[]>;
  /** Attempts for the first `open()`; Infinity retries until `close()`. */
  openAttempts?: number;
  /** Attempts per reconnect episode; Infinity (default) retries until `close()`. */
  reconnectAttempts?: number;
  backoff?: BackoffOptions;
  trafficLog?: TrafficLogSink;
}

export type LinkState = 'idle' | 'opening' | 'open' | 'reconnecting' | 'closed';

export interface SerialLinkEvents {
  open: { path: string };
  data: Buffer;
  disconnected: { path: string; error: Error | undefined };
  reconnected: { path: string; attempts: number };
  error: Error;
  closed: { path: string };
}

type DisconnectError = Error & { disconnected?: boolean };

export class SerialLink extends TypedEmitter<SerialLinkEvents> {
  readonly baudRate: number;
  private readonly opener: PortOpener;
  private readonly clock: Clock;
  private readonly log: TrafficLog | undefined;
  private readonly backoff: Required<BackoffOptions>;
  private port: SerialPortLike | undefined;
  private currentPath: string;
  private stateValue: LinkState = 'idle';
  private sleepTimer: TimerId | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: SerialLinkOptions) {
    super();
    this.baudRate = options.baudRate;
    this.opener = options.opener ?? defaultOpener;
    this.clock = options.clock ?? new RealClock();
    this.currentPath = options.path;
    this.backoff = {
      initialMs: options.backoff?.initialMs ?? 50,
      maxMs: options.backoff?.maxMs ?? 2000,
      factor: options.backoff?.factor ?? 2,
    };
    this.log = options.trafficLog === undefined ? undefined : new TrafficLog(options.trafficLog, this.clock);
  }

  get state(): LinkState {
    return this.stateValue;
  }

  get isOpen(): boolean {
    return this.stateValue === 'open';
  }

  /** The path of the port now (or last) in use; can differ from `options.path` when matched. */
  get path(): string {
    return this.currentPath;
  }

  /** Opens, retrying with backoff; rejects with OpenFailedError, or LinkClosedError if closed meanwhile. */
  async open(): Promise<void> {
    if (this.stateValue !== 'idle') throw new Error(`open() in state ${this.stateValue}`);
    this.stateValue = 'opening';
    const maxAttempts = this.options.openAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.openOnce();
      } catch (error) {
        if (this.isClosed()) throw new LinkClosedError(this.currentPath);
        if (attempt >= maxAttempts) {
          this.stateValue = 'idle';
          throw new OpenFailedError(this.currentPath, attempt, error);
        }
        this.log?.event(`open attempt ${attempt} failed: ${describeError(error)}`);
        await this.sleep(this.backoffMs(attempt));
        if (this.isClosed()) throw new LinkClosedError(this.currentPath);
        continue;
      }
      if (this.isClosed()) throw new LinkClosedError(this.currentPath);
      this.stateValue = 'open';
      this.log?.event(`open ${this.currentPath}`);
      this.emit('open', { path: this.currentPath });
      return;
    }
  }

  /** Sends bytes now; throws LinkNotOpenError while disconnected (callers queue above this layer). */
  write(bytes: Buffer | string): void {
    const port = this.port;
    if (port === undefined || this.stateValue !== 'open') throw new LinkNotOpenError(this.currentPath);
    const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    this.log?.tx(buffer);
    // No per-write callback: failures surface as the port's 'error'/'close', handled once below.
    port.write(buffer);
  }

  /** Closes for good: stops any reconnect loop, closes the port, ends an owned traffic log. */
  async close(): Promise<void> {
    if (this.stateValue === 'closed') return;
    this.stateValue = 'closed';
    this.cancelSleep();
    const port = this.port;
    this.port = undefined;
    if (port !== undefined) await closePort(port);
    this.log?.event('closed');
    await this.log?.close();
    this.emit('closed', { path: this.currentPath });
  }

  private isClosed(): boolean {
    // A method, not an inline comparison, so TS does not narrow `stateValue` across awaits.
    return this.stateValue === 'closed';
  }

  private backoffMs(attempt: number): number {
    const { initialMs, maxMs, factor } = this.backoff;
    return Math.min(maxMs, initialMs * factor ** Math.max(0, attempt - 1));
  }

  private async resolvePath(): Promise<string> {
    const match = this.options.match;
    if (match === undefined) return this.options.path;
    // Matching by identity matters on replug: ttyUSB0 may come back as ttyUSB1.
    const ports = await (this.options.lister ?? (() => listPorts()))();
    const found = ports.find((p) => portMatches(p, match));
    if (found === undefined) throw new Error(`no port matches ${JSON.stringify(match)}`);
    return found.path;
  }

  private async openOnce(): Promise<void> {
    const path = await this.resolvePath();
    this.currentPath = path;
    const port = this.opener({ path, baudRate: this.baudRate });
    // Listeners go on before open so an early 'error' is never an unhandled event.
    port.on('error', (error: Error) => this.onPortError(port, error));
    port.on('close', (error?: DisconnectError | null) => this.onPortClose(port, error ?? undefined));
    port.on('data', (chunk: Buffer) => {
      if (port !== this.port) return;
      this.log?.rx(chunk);
      this.emit('data', chunk);
    });
    try {
      await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    } catch (error) {
      detach(port);
      throw error;
    }
    if (this.isClosed()) {
      await closePort(port);
      return;
    }
    this.port = port;
  }

  private onPortError(port: SerialPortLike, error: Error): void {
    if (port !== this.port) return;
    this.emit('error', error);
    // An error that left the port shut is an unplug even if no 'close' follows.
    if (!port.isOpen) this.onDisconnect(port, error);
  }

  private onPortClose(port: SerialPortLike, error: DisconnectError | undefined): void {
    // Any close we did not ask for (disconnected or not) means the device is gone for us.
    if (port !== this.port) return;
    this.onDisconnect(port, error);
  }

  private onDisconnect(port: SerialPortLike, error: Error | undefined): void {
    if (port !== this.port || this.stateValue !== 'open') return;
    this.port = undefined;
    detach(port);
    if (port.isOpen) port.close();
    this.stateValue = 'reconnecting';
    this.log?.event(`disconnected${error ? `: ${error.message}` : ''}`);
    this.emit('disconnected', { path: this.currentPath, error });
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    const maxAttempts = this.options.reconnectAttempts ?? Infinity;
    for (let attempt = 1; this.stateValue === 'reconnecting'; attempt++) {
      await this.sleep(this.backoffMs(attempt));
      if (this.isClosed()) return;
      try {
        await this.openOnce();
      } catch (error) {
        if (this.isClosed()) return;
        this.log?.event(`reconnect attempt ${attempt} failed: ${describeError(error)}`);
        if (attempt >= maxAttempts) {
          const failure = new OpenFailedError(this.currentPath, attempt, error);
          this.emit('error', failure);
          await this.close();
          return;
        }
        continue;
      }
      if (this.isClosed()) return;
      this.stateValue = 'open';
      this.log?.event(`reconnected ${this.currentPath} after ${attempt} attempt(s)`);
      this.emit('reconnected', { path: this.currentPath, attempts: attempt });
      return;
    }
  }

  /** A cancellable wait on the injected clock; `close()` wakes it early. */
  private sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = this.clock.setTimeout(() => {
        this.sleepTimer = undefined;
        this.wake = undefined;
        resolve();
      }, delayMs);
    });
  }

  private cancelSleep(): void {
    if (this.sleepTimer !== undefined) this.clock.clearTimeout(this.sleepTimer);
    this.sleepTimer = undefined;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** Drops our listeners from an abandoned port but keeps it from throwing an unhandled 'error'. */
function detach(port: SerialPortLike): void {
  port.removeAllListeners('data');
  port.removeAllListeners('close');
  port.removeAllListeners('error');
  port.on('error', () => undefined);
}

function closePort(port: SerialPortLike): Promise<void> {
  if (!port.isOpen) return Promise.resolve();
  // A close error (rare) still leaves us done with this port; nothing more to do with it.
  return new Promise((resolve) => port.close(() => resolve()));
}
