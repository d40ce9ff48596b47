import { MTSICS_FACTORY_BAUD, formatDecimal, parseReply } from '../../../protocols/mtsics/index.ts';
import { RealClock, type Clock } from '../../model/clock.ts';
import { TimeoutError, type ByteLink } from '../../transport/index.ts';
import { LineTransport } from '../../transport/line-transport.ts';
import { BalanceError } from './errors.ts';
import { expectWeight, interpret, type WeightReading } from './replies.ts';
import { describeError } from '../../model/errors.ts';

export interface MtSicsBalanceOptions {
  link: ByteLink & { close?: () => Promise<void> };
  /** Named in errors ("no reply on /dev/ttyUSB0 at 9600 baud"). */
  path: string;
  baudRate: number;
  /** Per-request timeout for immediate commands (ms). */
  timeoutMs?: number;
  /** For S, T and Z, which wait for stability inside the balance (ms). */
  stableTimeoutMs?: number;
  clock?: Clock;
}

export interface BalanceInfo {
  model: string;
  capacityG: number;
  serial: string;
  softwareVersion: string;
}

export interface ContinuousReading {
  /** Stops the stream (by sending another command, as MT-SICS specifies). */
  stop(): Promise<void>;
}

export type ContinuousListener = (reading: WeightReading | BalanceError) => void;

/** Lines a SIR stream sends: weights and their error forms. */
const STREAM_LINE = /^S [SD+\-I]/;
/** The serial number a balance sends by itself after switching on (and in reply to I4 and @; p. 89). */
const SERIAL_LINE = /^I4 A /;

/**
 * A Mettler Toledo MT-SICS balance: stable (S) and immediate (SI) reads in grams, continuous
 * mode (SIR), zero and tare, identity. Commands end in CR LF; replies are parsed and checked by
 * `protocols/mtsics`. Every failure is a one-line BalanceError.
 */
export class MtSicsBalance {
  private readonly transport: LineTransport;
  private readonly timeoutMs: number;
  private readonly stableTimeoutMs: number;
  private readonly clock: Clock;
  private stream: ContinuousListener | undefined;
  /** Once SIR's first reply is in, stream lines are events, not replies. */
  private streaming = false;
  private capacityG: number | undefined;
  /** The command whose reply is awaited, to tell a power-up `I4 A` line from a reply. */
  private inFlight: string | undefined;
  private readonly restartListeners: ((serial: string) => void)[] = [];
  /** Stream lines that came in right behind SIR's first reply, before it was handed over. */
  private early: string[] = [];

  constructor(private readonly options: MtSicsBalanceOptions) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.stableTimeoutMs = options.stableTimeoutMs ?? 20_000;
    this.clock = options.clock ?? new RealClock();
    this.transport = new LineTransport({
      link: options.link,
      encode: (line) => `${line}\r`,
      isUnsolicited: (line) =>
        (this.streaming && STREAM_LINE.test(line)) || (SERIAL_LINE.test(line) && this.inFlight !== 'I4' && this.inFlight !== '@'),
      // After a timeout a late reply may still come: let it arrive (and be dropped) before going on.
      resync: () => this.pause(Math.min(300, this.timeoutMs)),
      clock: this.clock,
    });
    const deliver = (line: string): void => {
      if (SERIAL_LINE.test(line)) this.reportRestart(line);
      else if (this.stream !== undefined && !this.streaming) this.early.push(line);
      else this.deliverStreamLine(line);
    };
    this.transport.onUnsolicited(deliver);
    this.transport.on('stray', deliver);
  }

  get path(): string {
    return this.options.path;
  }

  /** S: the next stable weight (waits inside the balance; `S I` if it does not settle). */
  async readStable(): Promise<WeightReading> {
    return expectWeight(await this.command('S', this.stableTimeoutMs), 'S');
  }

  /** SI: the weight now, stable or not (`stable` says which). */
  async readImmediate(): Promise<WeightReading> {
    return expectWeight(await this.command('SI'), 'SI');
  }

  /** SIR: a reading every update until `stop()`; errors (overload, ...) arrive as BalanceError values. */
  async startContinuous(listener: ContinuousListener): Promise<ContinuousReading> {
    this.checkIdle();
    this.stream = listener;
    try {
      const first = await this.request('SIR', this.timeoutMs);
      this.streaming = true;
      this.deliverStreamLine(first);
      // Lines that arrived in the same chunk as the first one go after it, in order.
      for (const line of this.early.splice(0)) this.deliverStreamLine(line);
    } catch (error) {
      this.stream = undefined;
      this.early = [];
      throw error;
    }
    let stopped: Promise<void> | undefined;
    return {
      stop: () => {
        stopped ??= (async () => {
          try {
            // Only S, SI, SR and @ overwrite SIR (p. 207); @ has a reply no stream line can be mistaken for.
            const reply = interpret(await this.request('@', this.timeoutMs), '@', this.capacityG);
            if (reply.kind !== 'serialNumber') throw new BalanceError('protocol', `expected I4 A "<serial>", got ${reply.kind}`);
          } finally {
            this.streaming = false;
            this.stream = undefined;
          }
        })();
        return stopped;
      },
    };
  }

  /** Z: zero when stable. */
  async zero(): Promise<void> {
    await this.expect('Z', 'zeroed', this.stableTimeoutMs);
  }

  /** ZI: zero now; returns whether the reading was stable. */
  async zeroImmediately(): Promise<{ stable: boolean }> {
    const reply = await this.expect('ZI', 'zeroed');
    return { stable: reply.kind === 'zeroed' && reply.stable };
  }

  /** T: tare when stable; returns the tare taken (g). */
  async tare(): Promise<number> {
    const reply = await this.expect('T', 'tare', this.stableTimeoutMs);
    return reply.kind === 'tare' ? reply.valueG : Number.NaN;
  }

  /** TI: tare now. */
  async tareImmediately(): Promise<{ tareG: number; stable: boolean }> {
    const reply = await this.expect('TI', 'tare');
    return reply.kind === 'tare' ? { tareG: reply.valueG, stable: reply.stable } : { tareG: Number.NaN, stable: false };
  }

  /** TA: the tare in memory (g). */
  async readTare(): Promise<number> {
    const reply = await this.expect('TA', 'tareValue');
    return reply.kind === 'tareValue' ? reply.valueG : Number.NaN;
  }

  /** TA <value> g: preset the tare; returns the tare the balance took (g). */
  async presetTare(tareG: number): Promise<number> {
    if (!Number.isFinite(tareG) || tareG < 0) throw new BalanceError('parameter', `tare ${tareG} g must be a finite mass ≥ 0`);
    const reply = await this.expect(`TA ${formatDecimal(tareG)} g`, 'tareValue');
    return reply.kind === 'tareValue' ? reply.valueG : Number.NaN;
  }

  /** TAC: clear the tare. */
  async clearTare(): Promise<void> {
    await this.expect('TAC', 'tareCleared');
  }

  /** I2, I3, I4: model and capacity, software version, serial number. */
  async identify(): Promise<BalanceInfo> {
    const data = await this.expect('I2', 'balanceData');
    const version = await this.expect('I3', 'info');
    const serial = await this.expect('I4', 'serialNumber');
    if (data.kind !== 'balanceData' || version.kind !== 'info' || serial.kind !== 'serialNumber') {
      throw new BalanceError('protocol', 'unexpected identification replies');
    }
    this.capacityG = data.capacityG;
    return { model: data.balanceType, capacityG: data.capacityG, serial: serial.serial, softwareVersion: version.fields[0] ?? '' };
  }

  /** @: cancel everything pending, back to the state after switch-on without zeroing (the tare stays, p. 15); returns the serial number. */
  async reset(): Promise<string> {
    const reply = await this.expect('@', 'serialNumber');
    return reply.kind === 'serialNumber' ? reply.serial : '';
  }

  /**
   * The balance restarted (switched on again, or reset): it sent its serial number by itself.
   * Its zero may have moved and its tare is gone, so a run that tared must say so.
   */
  onRestart(listener: (serial: string) => void): () => void {
    this.restartListeners.push(listener);
    return () => {
      const i = this.restartListeners.indexOf(listener);
      if (i >= 0) this.restartListeners.splice(i, 1);
    };
  }

  async close(): Promise<void> {
    this.stream = undefined;
    this.streaming = false;
    await this.transport.close();
  }

  // ---- internals ------------------------------------------------------------------------

  private async expect(command: string, kind: string, timeoutMs = this.timeoutMs): ReturnType<MtSicsBalance['command']> {
    const reply = await this.command(command, timeoutMs);
    if (reply.kind !== kind) throw new BalanceError('protocol', `expected ${kind} in reply to ${command}, got ${reply.kind}`);
    return reply;
  }

  private async command(command: string, timeoutMs = this.timeoutMs): Promise<ReturnType<typeof interpret>> {
    this.checkIdle();
    return interpret(await this.request(command, timeoutMs), command, this.capacityG);
  }

  private async request(command: string, timeoutMs: number): Promise<string> {
    this.inFlight = command.split(' ')[0];
    try {
      return await this.transport.request(command, { timeoutMs, label: command });
    } catch (error) {
      if (error instanceof TimeoutError) {
        throw new BalanceError(
          'silent',
          `no reply to ${command} from the balance on ${this.options.path} at ${this.options.baudRate} baud within ${timeoutMs} ms: ` +
            `is it on, connected, set to MT-SICS and to this baud rate (factory ${MTSICS_FACTORY_BAUD} 8N1)?`,
          { cause: error },
        );
      }
      if (error instanceof BalanceError) throw error;
      throw new BalanceError('link', `balance on ${this.options.path}: ${describeError(error)}`, { cause: error });
    } finally {
      this.inFlight = undefined;
    }
  }

  private reportRestart(line: string): void {
    const parsed = parseReply(line);
    const serial = parsed.ok && parsed.reply.kind === 'serialNumber' ? parsed.reply.serial : '';
    for (const listener of [...this.restartListeners]) listener(serial);
  }

  private checkIdle(): void {
    if (this.stream !== undefined) throw new BalanceError('busy', 'the balance is in continuous mode (SIR); stop it first');
  }

  private deliverStreamLine(line: string): void {
    const listener = this.stream;
    if (listener === undefined || !STREAM_LINE.test(line)) return;
    try {
      listener(expectWeight(interpret(line, 'SIR', this.capacityG), 'SIR'));
    } catch (error) {
      listener(error instanceof BalanceError ? error : new BalanceError('protocol', String(error)));
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }
}
