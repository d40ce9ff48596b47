/**
 * `HilDevice`: one connected device (emulated or real) with the helpers tests and scenario
 * steps use. Waits are in DEVICE time: on an emulator the harness moves simulated time forward
 * in steps and looks again after each (deterministic at --speed max); on a real device, device
 * time is real time, so it just waits.
 */
import type { DeviceEnvironment, DeviceFault } from '../devices/pump-device.ts';
import type { Clock, TimerId } from '../model/clock.ts';
import { trackClosable } from './cleanup.ts';
import type { AlarmState, Dialect, HilEvent, Personality } from './dialects/types.ts';
import type { Emulator } from './emulator.ts';
import { HilAssertionError, HilDeviceError, HilSilentDeviceError, HilTimeoutError, HilUnsupportedError } from './errors.ts';
import type { LineClient, ReceivedLine } from './line-client.ts';
import type { TranscriptRecorder } from './transcript.ts';

export interface WaitOptions {
  /** How long to wait, in device ms. */
  timeoutDeviceMs: number;
  /** Emulator only: how far to advance simulated time between looks (default timeout / 20, at least 1 s). */
  stepDeviceMs?: number;
}

export interface EventFilter {
  code?: string | number;
}

export interface HilDeviceOptions {
  name: string;
  dialect: Dialect;
  client: LineClient;
  /** Owned: closed with the device. */
  emulator: Emulator | undefined;
  /** The SIM back door answers (an emulator, ours or someone else's). */
  simulated: boolean;
  worldTimeMs: number | null;
  requestTimeoutMs: number;
  recorder: TranscriptRecorder | undefined;
  log: ((line: string) => void) | undefined;
  description: string;
  /** Real-time waits: on a real device, and around an unplug. */
  clock: Clock;
}

export class HilDevice {
  readonly name: string;
  readonly personality: Personality;
  /** Human-readable: `emulated hai` or `ne1000 on /dev/ttyUSB0`. */
  readonly description: string;
  private cursor = 0;
  private worldMs: number | null;
  private closed: Promise<void> | undefined;
  private readonly untrack: () => void;

  constructor(private readonly options: HilDeviceOptions) {
    // Registered for closeAll() and the fixtures, whatever opened it.
    this.untrack = trackClosable(this);
    this.name = options.name;
    this.personality = options.dialect.personality;
    this.description = options.description;
    this.worldMs = options.worldTimeMs;
  }

  /** The SIM back door works: time, environment and faults can be driven. */
  get emulated(): boolean {
    return this.options.simulated;
  }

  /** The path the host has open. */
  get port(): string {
    return this.options.client.path;
  }

  /** Every line received so far (decoded), events included. */
  get lines(): readonly ReceivedLine[] {
    return this.options.client.lines;
  }

  /** The byte transcript, when the device was opened with `record: true`. */
  get transcript(): TranscriptRecorder | undefined {
    return this.options.recorder;
  }

  /** Simulated world time as the harness last knew it (exact at --speed max); null on a real device. */
  get deviceTimeMs(): number | null {
    return this.worldMs;
  }

  /** Writes a line without waiting; its reply lands in `lines` (find it with `expectLine`). */
  async send(line: string): Promise<void> {
    this.options.client.send(line);
  }

  /** Sends a line and returns its reply (events that arrive meanwhile stay in `lines`). */
  async request(line: string, options: { timeoutMs?: number } = {}): Promise<string> {
    const reply = await this.options.client.request(line, options.timeoutMs ?? this.options.requestTimeoutMs);
    return reply.text;
  }

  /** Like `request`, but a refusal (`ERR ...` / `?...`) throws. */
  async command(line: string): Promise<string> {
    const reply = await this.request(line);
    if (this.options.dialect.isError(reply)) throw new HilDeviceError(`${line} → ${reply}`);
    return reply;
  }

  /**
   * Resolves with the first line received since the last match that equals `pattern` (string)
   * or matches it (RegExp); waits up to `timeoutDeviceMs` of device time.
   */
  async expectLine(pattern: string | RegExp, options: WaitOptions): Promise<string> {
    const matches = (line: ReceivedLine): boolean => (typeof pattern === 'string' ? line.text === pattern : pattern.test(line.text));
    const found = await this.waitFor(matches, options, `line ${typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern)}`);
    return found.text;
  }

  /** Resolves with the first event (`alarm`, `telemetry`, `boot`, ...) of that type since the last match. */
  async waitForEvent(type: string, options: WaitOptions & EventFilter): Promise<HilEvent> {
    const dialect = this.options.dialect;
    const wanted = options.code === undefined ? undefined : String(options.code);
    let event: HilEvent | undefined;
    await this.waitFor(
      (line) => {
        if (!line.unsolicited || !line.intact) return false;
        const parsed = dialect.parseEvent(line.text);
        if (parsed === undefined || parsed.type !== type || (wanted !== undefined && parsed.code !== wanted)) return false;
        event = parsed;
        return true;
      },
      options,
      `${type} event${wanted === undefined ? '' : ` with code ${wanted}`}`,
    );
    if (event === undefined) throw new HilTimeoutError(`no ${type} event`);
    return event;
  }

  /** Moves simulated time forward (emulator only). */
  async advance(ms: number): Promise<void> {
    this.requireSim('advance');
    const advanceMs = this.options.dialect.sim.advanceMs;
    if (advanceMs === undefined)
      throw new HilUnsupportedError(
        `${this.name}: the ${this.personality} emulator has no simulated clock; use wait() (real time, scaled by the emulator's speed)`,
      );
    await this.settle();
    await advanceMs(this.requester, ms);
    if (this.worldMs !== null) this.worldMs += Math.max(0, Math.round(ms));
  }

  /** Lets `ms` of device time pass: advances an emulator, sleeps on a real device. */
  async wait(ms: number): Promise<void> {
    if (this.canAdvance) await this.advance(ms);
    else await this.sleep(this.realMs(ms));
  }

  /** Simulated time can be moved by command (the HAI emulator). */
  get canAdvance(): boolean {
    return this.emulated && this.options.dialect.sim.advanceMs !== undefined;
  }

  /** Real ms for `deviceMs` of device time: a bench emulator runs at its --speed factor. */
  private realMs(deviceMs: number): number {
    const speed = this.options.emulator?.speed;
    return typeof speed === 'number' && speed > 0 ? deviceMs / speed : deviceMs;
  }

  async setEnvironment(env: DeviceEnvironment): Promise<void> {
    this.requireSim('setEnvironment');
    const setEnvironment = this.options.dialect.sim.setEnvironment;
    if (setEnvironment === undefined) throw new HilUnsupportedError(`${this.name}: the ${this.personality} emulator has no environment`);
    await setEnvironment(this.requester, env);
  }

  async injectFault(fault: DeviceFault, param?: number): Promise<void> {
    this.requireSim('injectFault');
    await this.options.dialect.sim.injectFault(this.requester, fault, param);
  }

  async clearFaults(): Promise<void> {
    this.requireSim('clearFaults');
    const clearFaults = this.options.dialect.sim.clearFaults;
    if (clearFaults === undefined)
      throw new HilUnsupportedError(`${this.name}: the ${this.personality} emulator cannot clear faults by command`);
    await clearFaults(this.requester);
  }

  readDeliveredMl(): Promise<number> {
    return this.options.dialect.readDeliveredMl(this.requester);
  }

  readReservoirMl(): Promise<number | null> {
    return this.options.dialect.readReservoirMl(this.requester);
  }

  readState(): Promise<string> {
    return this.options.dialect.readState(this.requester);
  }

  readAlarms(): Promise<AlarmState[]> {
    return this.options.dialect.readAlarms(this.requester);
  }

  /** Reads the delivered volume and throws unless it is within `toleranceMl` of `expectedMl`. */
  async assertDelivered(expectedMl: number, options: { toleranceMl: number }): Promise<number> {
    const deliveredMl = await this.readDeliveredMl();
    if (!(Math.abs(deliveredMl - expectedMl) <= options.toleranceMl)) {
      throw new HilAssertionError(`${this.name}: delivered ${deliveredMl} mL, expected ${expectedMl} ± ${options.toleranceMl} mL`);
    }
    return deliveredMl;
  }

  /**
   * Pulls the host-side cable for `downMs` of real time, plugs it back and waits until the host
   * has reopened the port and the device answers again. Emulators started with `replug: true` only.
   */
  async unplug(options: { downMs?: number; reconnectTimeoutMs?: number } = {}): Promise<void> {
    const cable = this.options.emulator?.cable;
    if (cable === undefined) {
      throw new HilUnsupportedError(
        this.emulated
          ? `${this.name}: unplug needs an emulator started with replug: true (the runner does this for scenarios with an unplug step)`
          : `${this.name}: unplug needs an emulator; ${this.description} is a real device: pull its cable by hand`,
      );
    }
    const client = this.options.client;
    const reconnected = new Promise<void>((resolve) => {
      const off = client.onConnection((up) => {
        if (!up) return;
        off();
        resolve();
      });
    });
    // Let the host's read loop re-arm first: a hangup that lands while serialport is between
    // its data callback and its next read is never reported (seen on Linux ptys).
    await this.sleep(20);
    await cable.unplug();
    this.log(`cable unplugged for ${options.downMs ?? 200} ms`);
    await this.sleep(options.downMs ?? 200);
    await cable.replug();
    const timeoutMs = options.reconnectTimeoutMs ?? 10_000;
    const clock = this.options.clock;
    let timer: TimerId | undefined;
    await Promise.race([
      reconnected,
      new Promise<never>((_, reject) => {
        timer = clock.setTimeout(
          () => reject(new HilSilentDeviceError(`${this.name}: port did not come back within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]).finally(() => {
      if (timer !== undefined) clock.clearTimeout(timer);
    });
    // A bare flush line clears anything half-sent; then the device must answer again.
    const flush = this.options.dialect.flush;
    if (flush !== undefined) client.send(flush);
    const reply = await this.request(this.options.dialect.handshake);
    if (!this.options.dialect.handshakeOk(reply))
      throw new HilDeviceError(`${this.name}: after replug, ${this.options.dialect.handshake} → ${reply}`);
    this.log('cable plugged back in; device answers');
  }

  /** Writes `[name] message` to the runner's output (a no-op in fixtures unless a log was given). */
  log(message: string): void {
    this.options.log?.(`[${this.name}] ${message}`);
  }

  /** Closes the port, then the emulator behind it (if ours). Idempotent. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.untrack();
      try {
        await this.options.client.close();
      } finally {
        await this.options.emulator?.close();
      }
    })();
    return this.closed;
  }

  private readonly requester = (line: string): Promise<string> => this.request(line);

  private requireSim(what: string): void {
    if (this.emulated) return;
    throw new HilUnsupportedError(
      `${this.name}: ${what} needs an emulator (the SIM back door); ${this.description} is a real device. ` +
        'Skip this test when hilTarget().kind !== "emulator".',
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.options.clock.setTimeout(resolve, ms));
  }

  /** Until lines sent with `send` have had their replies (at most one request timeout). */
  private settle(): Promise<void> {
    return this.options.client.settled(this.options.requestTimeoutMs);
  }

  private findFromCursor(matches: (line: ReceivedLine) => boolean): ReceivedLine | undefined {
    const lines = this.options.client.lines;
    for (let i = this.cursor; i < lines.length; i++) {
      const line = lines[i];
      if (line !== undefined && matches(line)) {
        this.cursor = i + 1;
        return line;
      }
    }
    return undefined;
  }

  private async waitFor(matches: (line: ReceivedLine) => boolean, options: WaitOptions, what: string): Promise<ReceivedLine> {
    const timeoutMs = Math.max(0, options.timeoutDeviceMs);
    await this.settle();
    // A round trip first: whatever the device wrote before answering it (e.g. the !BOOT right
    // after a brown-out's OK) is in `lines` then. Always done, so transcripts stay deterministic.
    await this.request(this.options.dialect.handshake);
    const immediate = this.findFromCursor(matches);
    if (immediate !== undefined) return immediate;
    if (this.canAdvance) {
      const stepMs = Math.max(1, Math.round(options.stepDeviceMs ?? Math.max(1000, timeoutMs / 20)));
      for (let elapsedMs = 0; elapsedMs < timeoutMs; ) {
        const step = Math.min(stepMs, timeoutMs - elapsedMs);
        // The emulator sends what happened during an advance before the advance's OK.
        await this.advance(step);
        elapsedMs += step;
        const found = this.findFromCursor(matches);
        if (found !== undefined) return found;
      }
      throw new HilTimeoutError(`${this.name}: no ${what} within ${timeoutMs} ms of device time`);
    }
    // A real device (its time is real time), or an emulator whose clock runs on its own.
    const { client, clock } = this.options;
    return new Promise<ReceivedLine>((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        off();
        reject(new HilTimeoutError(`${this.name}: no ${what} within ${timeoutMs} ms of device time`));
      }, this.realMs(timeoutMs));
      const off = client.onLine(() => {
        const found = this.findFromCursor(matches);
        if (found === undefined) return;
        clock.clearTimeout(timer);
        off();
        resolve(found);
      });
    });
  }
}
