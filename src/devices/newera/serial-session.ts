/**
 * What both bench-pump drivers need from src/transport: a SerialLink and a RequestChannel with
 * the codec's host-side framer, and failures turned into one-line DeviceErrors that say what to
 * check (a silent pump is nearly always the cable, the baud rate or the address).
 *
 * Pumps on a network share one serial line (New Era's RS-232 network, Harvard's RJ-11 chain):
 * sessions opened through the same `LineRegistry` for the same path share one link and one
 * request channel, so there is never more than one request in flight on the wire, whichever
 * pump it is for. The line closes when its last session does.
 */
import { RealClock, type Clock } from '../../model/clock.ts';
import {
  InvalidReplyError,
  LinkClosedError,
  LinkLostError,
  OpenFailedError,
  RequestChannel,
  SerialLink,
  TimeoutError,
  type FramerFactory,
  type PortOpener,
  type ReplyValidator,
  type TrafficLogSink,
} from '../../transport/index.ts';
import { DeviceError } from '../pump-device.ts';

export interface SerialSessionOptions<F, R> {
  /** `ne1000` / `elite11`, for messages. */
  kind: string;
  path: string;
  baudRate: number;
  /** The pump's address on the line, for messages (one line may carry several pumps). */
  address?: number;
  timeoutMs: number;
  framer: FramerFactory<F>;
  validate: ReplyValidator<F, R>;
  describeFrame?: (frame: F) => string;
  trafficLog?: TrafficLogSink;
  clock?: Clock;
  opener?: PortOpener;
  /** Sessions opened through one registry share a line per path; without one, the line is private. */
  lines?: LineRegistry<F, R>;
}

/** What a driver's own options say about its port, as both drivers' options spell it. */
interface DriverPortOptions {
  path: string;
  address?: number;
  trafficLog?: TrafficLogSink;
  opener?: PortOpener;
}

/** The session options that come straight from a driver's options (the address defaults to 0). */
export function sessionPortOptions(
  options: DriverPortOptions,
  clock: Clock,
): Pick<SerialSessionOptions<unknown, unknown>, 'path' | 'address' | 'clock' | 'trafficLog' | 'opener'> {
  return {
    path: options.path,
    address: options.address ?? 0,
    clock,
    ...(options.trafficLog === undefined ? {} : { trafficLog: options.trafficLog }),
    ...(options.opener === undefined ? {} : { opener: options.opener }),
  };
}

/** One serial line and its request channel, shared by every pump on it. */
class SharedLine<F, R> {
  readonly link: SerialLink;
  readonly channel: RequestChannel<F, R>;
  readonly clock: Clock;
  /** Bytes received since the current request went out (to tell garbage from silence). */
  rxBytes = 0;
  users = 0;
  /** The end of the last exclusive task on this line (see SerialSession.exclusive). */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly options: SerialSessionOptions<F, R>,
    private readonly onClosed: () => void,
  ) {
    this.clock = options.clock ?? new RealClock();
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate,
      clock: this.clock,
      openAttempts: 1,
      ...(options.trafficLog === undefined ? {} : { trafficLog: options.trafficLog }),
      ...(options.opener === undefined ? {} : { opener: options.opener }),
    });
    this.link.on('data', (chunk) => {
      this.rxBytes += chunk.length;
    });
    this.channel = new RequestChannel<F, R>({
      link: this.link,
      framer: options.framer,
      validate: options.validate,
      clock: this.clock,
      ...(options.describeFrame === undefined ? {} : { describeFrame: options.describeFrame }),
      // A reply that comes after its timeout must not be taken for the next request's: wait
      // a moment so it arrives as a stray frame.
      resync: () => new Promise<void>((resolve) => this.clock.setTimeout(resolve, Math.min(200, options.timeoutMs))),
    });
    // Errors of a resync are reported through the requests that fail; none must go unhandled.
    this.channel.on('error', () => undefined);
    this.link.on('error', () => undefined);
  }

  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  async release(): Promise<void> {
    this.users--;
    if (this.users > 0) return;
    this.onClosed();
    this.channel.close();
    await this.link.close();
  }
}

/** The lines a driver kind has open, by path. */
export class LineRegistry<F, R> {
  private readonly open = new Map<string, Promise<SharedLine<F, R>>>();

  /** The line at `options.path`: the one already open, or a new one opened now. */
  async acquire(options: SerialSessionOptions<F, R>): Promise<SharedLine<F, R>> {
    const existing = this.open.get(options.path);
    if (existing !== undefined) {
      const line = await existing;
      if (line.options.baudRate !== options.baudRate) {
        throw new DeviceError(
          `${options.kind} port ${options.path} is already open at ${line.options.baudRate} baud: every pump on one line runs at one baud, not also ${options.baudRate}`,
          'unsupported',
        );
      }
      line.users++;
      return line;
    }
    const opening = openLine(options, () => this.open.delete(options.path));
    this.open.set(options.path, opening);
    try {
      const line = await opening;
      line.users++;
      return line;
    } catch (error) {
      this.open.delete(options.path);
      throw error;
    }
  }
}

async function openLine<F, R>(options: SerialSessionOptions<F, R>, onClosed: () => void): Promise<SharedLine<F, R>> {
  const line = new SharedLine(options, onClosed);
  try {
    await line.link.open();
  } catch (error) {
    line.channel.close();
    const why = error instanceof OpenFailedError && error.cause instanceof Error ? error.cause.message : String(error);
    throw new DeviceError(`cannot open ${options.kind} port ${options.path} @${options.baudRate}: ${why}`, 'link');
  }
  return line;
}

/** One pump's view of its line. */
export class SerialSession<F, R> {
  private closed = false;

  private constructor(
    readonly options: SerialSessionOptions<F, R>,
    private readonly line: SharedLine<F, R>,
  ) {}

  static async open<F, R>(options: SerialSessionOptions<F, R>): Promise<SerialSession<F, R>> {
    const registry = options.lines ?? new LineRegistry<F, R>();
    return new SerialSession(options, await registry.acquire(options));
  }

  get link(): SerialLink {
    return this.line.link;
  }

  get channel(): RequestChannel<F, R> {
    return this.line.channel;
  }

  get clock(): Clock {
    return this.line.clock;
  }

  get where(): string {
    // Address 0 is the lone pump of most benches: naming it would only be noise.
    const address = this.options.address === undefined || this.options.address === 0 ? '' : ` #${this.options.address}`;
    return `${this.options.kind}${address} at ${this.options.path} @${this.options.baudRate}`;
  }

  /**
   * Runs `task` when no other task of any pump on this line runs; the next waits for it (never
   * for its failure). For exchanges that are more than one request, such as a Network Command
   * Burst that bypasses the request channel and then waits for the line to go quiet.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.line.exclusive(task);
  }

  /** One request; transport failures become DeviceErrors. */
  async request(payload: Buffer | string, label: string): Promise<R> {
    try {
      return await this.channel.request(payload, { timeoutMs: this.options.timeoutMs, label });
    } catch (error) {
      throw this.explain(error, label);
    } finally {
      // Counted from the start of the request the channel sends next (it serialises them).
      this.line.rxBytes = 0;
    }
  }

  explain(error: unknown, label: string): Error {
    if (error instanceof DeviceError) return error;
    if (error instanceof TimeoutError) {
      if (this.line.rxBytes > 0) {
        return new DeviceError(
          `garbled reply from ${this.where} to ${JSON.stringify(label)}: ${this.line.rxBytes} byte(s) but no valid reply within ${this.options.timeoutMs} ms: check the baud rate (the pump's may differ) and the cable`,
          'link',
        );
      }
      return new DeviceError(
        `no reply from ${this.where} within ${this.options.timeoutMs} ms: check cable (null-modem?), baud and address`,
        'silent',
      );
    }
    if (error instanceof InvalidReplyError) return new DeviceError(`${this.where}: ${error.message}`, 'protocol');
    if (error instanceof LinkLostError || error instanceof LinkClosedError)
      return new DeviceError(`${this.where}: ${error.message}`, 'link');
    return error instanceof Error ? error : new Error(String(error));
  }

  /** Releases this pump's share of the line; the last one closes it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.line.release();
  }
}
