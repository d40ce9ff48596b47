/**
 * What both bench-pump drivers need from src/transport: a SerialLink and a RequestChannel with
 * the codec's host-side framer, and failures turned into one-line DeviceErrors that say what to
 * check (a silent pump is nearly always the cable, the baud rate or the address).
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
  timeoutMs: number;
  framer: FramerFactory<F>;
  validate: ReplyValidator<F, R>;
  describeFrame?: (frame: F) => string;
  trafficLog?: TrafficLogSink;
  clock?: Clock;
  opener?: PortOpener;
}

export class SerialSession<F, R> {
  readonly link: SerialLink;
  readonly channel: RequestChannel<F, R>;
  readonly clock: Clock;
  /** Bytes received since the current request went out (to tell garbage from silence). */
  private rxBytes = 0;

  private constructor(readonly options: SerialSessionOptions<F, R>) {
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

  static async open<F, R>(options: SerialSessionOptions<F, R>): Promise<SerialSession<F, R>> {
    const session = new SerialSession(options);
    try {
      await session.link.open();
    } catch (error) {
      session.channel.close();
      const why = error instanceof OpenFailedError && error.cause instanceof Error ? error.cause.message : String(error);
      throw new DeviceError(`cannot open ${options.kind} port ${options.path} @${options.baudRate}: ${why}`, 'link');
    }
    return session;
  }

  get where(): string {
    return `${this.options.kind} at ${this.options.path} @${this.options.baudRate}`;
  }

  /** One request; transport failures become DeviceErrors. */
  async request(payload: Buffer | string, label: string): Promise<R> {
    this.rxBytes = 0;
    try {
      return await this.channel.request(payload, { timeoutMs: this.options.timeoutMs, label });
    } catch (error) {
      throw this.explain(error, label);
    }
  }

  explain(error: unknown, label: string): Error {
    if (error instanceof DeviceError) return error;
    if (error instanceof TimeoutError) {
      if (this.rxBytes > 0) {
        return new DeviceError(
          `garbled reply from ${this.where} to ${JSON.stringify(label)}: ${this.rxBytes} byte(s) but no valid reply within ${this.options.timeoutMs} ms: check the baud rate (the pump's may differ) and the cable`,
          'link',
        );
      }
      return new DeviceError(`no reply from ${this.where} within ${this.options.timeoutMs} ms: check cable (null-modem?), baud and address`, 'silent');
    }
    if (error instanceof InvalidReplyError) return new DeviceError(`${this.where}: ${error.message}`, 'protocol');
    if (error instanceof LinkLostError || error instanceof LinkClosedError) return new DeviceError(`${this.where}: ${error.message}`, 'link');
    return error instanceof Error ? error : new Error(String(error));
  }

  async close(): Promise<void> {
    this.channel.close();
    await this.link.close();
  }
}
