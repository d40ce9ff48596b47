/**
 * `NewEraDevice`: an NE-1000 family syringe pump behind `PumpDevice`. Picks the rate units that
 * keep the number within the pump's 4-digit format with the finest step, re-sends a command
 * once after the power-up alarm `A?R` (which the pump answers instead of executing it), keeps
 * safe mode alive with a heartbeat, and refuses out-of-range rates before anything is sent.
 */
import {
  NE_FACTORY_BAUD,
  encodeSafePacket,
  formatNeBurst,
  formatNeCommand,
  formatNeNumber,
  mlPerMinToRate,
  parseNeDiameterData,
  parseNeDirectionData,
  parseNeDispensedData,
  parseNeRateData,
  parseNeSafData,
  parseNeVersionData,
  pickRateUnits,
} from '../../../protocols/newera/index.ts';
import type { NeAlarm, NeCommand, NeRateUnits, NeReply, NeStatus } from '../../../protocols/newera/index.ts';
import { RealClock, type Clock, type TimerId } from '../../model/clock.ts';
import type { PortOpener, TrafficLogSink } from '../../transport/index.ts';
import { DeviceError, syringePumpCapabilities } from '../pump-device.ts';
import type { DeviceAlarm, DeviceIdentity, DeviceRunState, DeviceStatus, PumpDevice, UnstampedDeviceEvent } from '../pump-device.ts';
import { DeviceListeners, type DeviceEventListener } from '../device-listeners.ts';
import { afterFirstContact } from '../first-contact.ts';
import { PendingAlarms } from '../pending-alarms.ts';
import { MIN_PER_DAY, refuseRateOutside, syringeRateRange, type RateRangeMlPerMin } from '../syringe-rate-range.ts';
import { findSyringe, type NamedSyringe } from '../syringes.ts';
import { neFramer, validateNeFrame, type NeFrame } from './framer.ts';
import { LineRegistry, SerialSession, sessionPortOptions } from './serial-session.ts';
import { forwardLinkEvents } from '../link-events.ts';
import { describeError } from '../../model/errors.ts';

/** NE-1000s on one RS-232 network share its line (one request in flight for all of them). */
const NE_LINES = new LineRegistry<NeFrame, NeReply>();

/** The shortest heartbeat period the host can keep up over a serial round trip. */
export const MIN_HEARTBEAT_MS = 50;
/** How long a burst's overlapping replies are given to die away before the line is used again. */
const BURST_QUIET_MS = 100;

export interface NewEraDeviceOptions {
  path: string;
  baudRate?: number;
  address?: number;
  /** Syringe name (`bd-plastipak-10ml`) or row: sets DIA at open and bounds every rate. */
  syringe?: string | NamedSyringe;
  /** Turn safe mode on with this SAF timeout; a heartbeat keeps it alive. */
  safeMode?: { timeoutS: number };
  /**
   * Device seconds per host second (1 for a real pump). An emulator run at `--speed S` counts
   * its SAF timeout in device time, so it expires S times sooner in host time: the heartbeat
   * follows. Open refuses a speed that leaves the heartbeat less than `MIN_HEARTBEAT_MS`.
   */
  deviceSpeed?: number;
  /** JSON-lines traffic log (file path or stream): every byte, hex and text. */
  trafficLog?: TrafficLogSink;
  /** Reply timeout per request. */
  timeoutMs?: number;
  /** Pump model id in hardware/pump-models.json (rate limits). */
  pumpModel?: string;
  clock?: Clock;
  opener?: PortOpener;
}

const ALARM_TEXT: Readonly<Record<NeAlarm, string>> = {
  R: 'reset / power lost',
  S: 'motor stall',
  T: 'safe-mode timeout',
  E: 'program error',
  O: 'phase out of range',
};

type StatusReply = Extract<NeReply, { kind: 'status' }>;

export class NewEraDevice implements PumpDevice {
  readonly kind = 'ne1000' as const;
  readonly capabilities = syringePumpCapabilities();
  readonly address: number;
  readonly syringe: NamedSyringe | undefined;
  /** How many commands were sent again after an `A?R` (for logs and tests). */
  resends = 0;
  private readonly pendingAlarms = new PendingAlarms();
  private readonly listeners = new DeviceListeners();
  private safeTimeoutS = 0;
  private heartbeat: TimerId | undefined;
  private lastSentAtMs = 0;
  private diameterMm: number | undefined;
  private rateUnits: NeRateUnits | undefined;
  private running = false;
  /** While a burst's replies come back, stray frames are not this pump's news. */
  private burstQuiet = false;
  /** After first contact, alarm R means the pump lost power since (at first contact it is the power-up's own). */
  private connected = false;

  private constructor(
    private readonly session: SerialSession<NeFrame, NeReply>,
    private readonly options: NewEraDeviceOptions,
  ) {
    this.address = options.address ?? 0;
    this.syringe = typeof options.syringe === 'string' ? findSyringe(options.syringe) : options.syringe;
    this.offStray = session.channel.on('stray', (frame) => this.onUnsolicited(frame));
    this.offLink = forwardLinkEvents(session.link, (event) => this.emit(event));
  }

  private readonly offStray: () => void;
  private readonly offLink: () => void;

  static async open(options: NewEraDeviceOptions): Promise<NewEraDevice> {
    const timeoutMs = options.timeoutMs ?? 500;
    // Validate what needs no pump before touching the port.
    if (typeof options.syringe === 'string') findSyringe(options.syringe);
    if (options.safeMode !== undefined) heartbeatPeriodMs(options.safeMode.timeoutS, options.deviceSpeed ?? 1);
    const clock = options.clock ?? new RealClock();
    const session = await SerialSession.open<NeFrame, NeReply>({
      kind: 'ne1000',
      lines: NE_LINES,
      baudRate: options.baudRate ?? NE_FACTORY_BAUD,
      timeoutMs,
      framer: neFramer(clock),
      validate: validateNeFrame,
      describeFrame: (f) => f.text,
      ...sessionPortOptions(options, clock),
    });
    const device = new NewEraDevice(session, options);
    return afterFirstContact(device, () => device.connect());
  }

  /** First contact: status (answers a pending A?R), mode, syringe. */
  private async connect(): Promise<void> {
    try {
      await this.command({ cmd: 'STATUS' });
    } catch (error) {
      // A pending alarm (stall, safe-mode timeout) is answered, and so acknowledged, by the
      // first command; it stays in alarms() for the caller to see.
      if (!(error instanceof DeviceError && error.code === 'alarm')) throw error;
    }
    const saf = await this.command({ cmd: 'SAF' });
    const current = parseNeSafData(saf.data) ?? 0;
    // The pump replies in its own mode's framing; the host reads both, so only the wish matters.
    const wanted = this.options.safeMode?.timeoutS ?? 0;
    this.safeTimeoutS = current;
    if (current !== wanted) {
      await this.command({ cmd: 'SAF', timeoutS: wanted });
      this.safeTimeoutS = wanted;
    }
    this.startHeartbeat();
    if (this.syringe !== undefined) {
      const status = await this.command({ cmd: 'STATUS' });
      if (status.status === 'S') await this.command({ cmd: 'DIA', diameterMm: this.syringe.insideDiameterMm });
    }
    const dia = parseNeDiameterData((await this.command({ cmd: 'DIA' })).data);
    if (dia !== null) this.diameterMm = dia;
    this.connected = true;
  }

  // ---- wire ------------------------------------------------------------------------------

  private payload(text: string): Buffer {
    return this.safeTimeoutS > 0 ? Buffer.from(encodeSafePacket(text)) : Buffer.from(`${text}\r`, 'latin1');
  }

  /**
   * One exchange (or burst) on the line at a time, whichever pump of the network it is for: a
   * heartbeat must not cut into a burst, nor another pump's request into its quiet wait.
   */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.session.exclusive(task);
  }

  private exchange(text: string): Promise<NeReply> {
    return this.exclusive(async () => {
      this.lastSentAtMs = this.session.clock.now();
      const reply = await this.session.request(this.payload(text), text);
      if (reply.address !== this.address)
        throw new DeviceError(`${this.session.where}: reply from address ${reply.address} to ${JSON.stringify(text)}`, 'protocol');
      return reply;
    });
  }

  /** Sends a command; re-sends once after A?R; other alarms and reply errors throw. */
  private async sendText(text: string): Promise<StatusReply> {
    let reply = await this.exchange(text);
    if (reply.kind === 'alarm' && reply.alarm === 'R') {
      // Power-up alarm: the pump answered it instead of executing the command [M].
      this.resends++;
      this.emit({ type: 'resend', detail: { command: text, alarm: 'R' } });
      this.restarted(`power-up alarm A?R answered ${JSON.stringify(text)} (not executed; sent again)`);
      reply = await this.exchange(text);
    }
    if (reply.kind === 'alarm') {
      this.recordAlarm(reply.alarm);
      throw new DeviceError(
        `${this.session.where} reported alarm ${reply.alarm} (${ALARM_TEXT[reply.alarm]}) instead of executing ${JSON.stringify(text)}; it is acknowledged now`,
        'alarm',
      );
    }
    this.running = reply.status === 'I' || reply.status === 'W' || reply.status === 'X';
    switch (reply.error) {
      case undefined:
        return reply;
      case '?OOR':
        throw new DeviceError(`${this.session.where} refused ${JSON.stringify(text)}: out of range (?OOR)`, 'out-of-range');
      case '?NA':
        throw new DeviceError(`${this.session.where} refused ${JSON.stringify(text)}: not applicable now (?NA)`, 'refused');
      case '?IGN':
        throw new DeviceError(`${this.session.where} ignored ${JSON.stringify(text)} (?IGN)`, 'refused');
      case '?COM':
        throw new DeviceError(`${this.session.where} got a damaged packet for ${JSON.stringify(text)} (?COM)`, 'link');
      case '?':
        throw new DeviceError(`${this.session.where} does not recognise ${JSON.stringify(text)} (?)`, 'unsupported');
    }
  }

  private command(c: NeCommand): Promise<StatusReply> {
    return this.sendText(formatNeCommand(c, this.address));
  }

  /**
   * The pump lost power since first contact: it stands stopped, and a rate set while it pumped
   * is gone with the RAM [M p.36]. Counted totals (DIS) are kept in NVM. The host re-sends
   * rate and RUN (the controller does on this event).
   */
  private restarted(why: string): void {
    this.running = false;
    if (!this.connected) return;
    this.emit({ type: 'restart', detail: { how: 'alarm-R', evidence: ['alarm-R'], text: `${this.session.where} restarted: ${why}` } });
  }

  private recordAlarm(alarm: NeAlarm): void {
    this.running = false;
    if (!this.pendingAlarms.add({ code: alarm, severity: alarm === 'R' ? 'info' : 'alarm', text: ALARM_TEXT[alarm] })) return;
    this.emit({ type: 'alarm', detail: { code: alarm, text: ALARM_TEXT[alarm] } });
  }

  private onUnsolicited(frame: NeFrame): void {
    // In safe mode the pump sends a status packet by itself when an alarm happens [M p.34].
    // Another pump's packet (a shared line) or a burst's overlapping replies are not ours.
    if (this.burstQuiet) return;
    const reply = validateNeFrame(frame);
    // On a network every pump's driver hears the line: only this pump's alarms are ours.
    if (reply.ok && reply.value.kind === 'alarm' && reply.value.address === this.address) {
      // In safe mode the power-up alarm comes by itself [M p.34].
      if (reply.value.alarm === 'R') this.restarted('power-up alarm A?R sent by the pump (safe mode)');
      this.recordAlarm(reply.value.alarm);
    }
  }

  private emit(event: UnstampedDeviceEvent): void {
    this.listeners.emit(event, this.session.clock.now());
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    if (this.safeTimeoutS <= 0) return;
    const periodMs = heartbeatPeriodMs(this.safeTimeoutS, this.options.deviceSpeed ?? 1);
    const beat = (): void => {
      this.heartbeat = this.session.clock.setTimeout(() => {
        if (this.session.clock.now() - this.lastSentAtMs >= periodMs && this.session.channel.pendingCount === 0) {
          this.exchange(formatNeCommand({ cmd: 'STATUS' }, this.address)).then(
            (reply) => {
              if (reply.kind === 'alarm') this.recordAlarm(reply.alarm);
            },
            (error: unknown) => this.emit({ type: 'heartbeat-failed', detail: { error: String(error) } }),
          );
        }
        beat();
      }, periodMs);
    };
    beat();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== undefined) this.session.clock.clearTimeout(this.heartbeat);
    this.heartbeat = undefined;
  }

  // ---- PumpDevice ------------------------------------------------------------------------

  async identify(): Promise<DeviceIdentity> {
    const reply = await this.command({ cmd: 'VER' });
    const version = parseNeVersionData(reply.data);
    if (version === null) throw new DeviceError(`${this.session.where}: VER answered ${JSON.stringify(reply.data)}`, 'protocol');
    return { model: version.model, firmware: version.firmware };
  }

  async status(): Promise<DeviceStatus> {
    const reply = await this.command({ cmd: 'STATUS' });
    let rateMlPerDay: number | null = 0;
    if (this.running) {
      const rate = parseNeRateData((await this.command({ cmd: 'RAT' })).data);
      rateMlPerDay = rate === null ? null : rate.mlPerMin * MIN_PER_DAY;
    }
    return { state: runState(reply.status), raw: reply.status, rateMlPerDay, reservoirMl: null };
  }

  async alarms(): Promise<DeviceAlarm[]> {
    return this.pendingAlarms.list();
  }

  /** The pump acknowledges an alarm by answering it; this asks (so a pending one is answered)
   * and forgets the alarms the host has seen. */
  async acknowledge(code?: string): Promise<void> {
    try {
      await this.command({ cmd: 'STATUS' });
    } catch (error) {
      if (!(error instanceof DeviceError && error.code === 'alarm')) throw error;
    }
    this.pendingAlarms.forget(code);
  }

  /** Min/max rate in mL/min for the syringe (or the pump's DIA) on this pump model. */
  rateRangeMlPerMin(): RateRangeMlPerMin {
    return syringeRateRange(this.session.where, this.syringe?.insideDiameterMm ?? this.diameterMm, this.options.pumpModel ?? 'ne1000');
  }

  async setRate(rateMlPerDay: number): Promise<void> {
    const mlPerMin = rateMlPerDay / MIN_PER_DAY;
    refuseRateOutside(
      rateMlPerDay,
      this.rateRangeMlPerMin(),
      this.syringe?.name ?? `DIA ${this.diameterMm ?? '?'} mm`,
      this.options.pumpModel ?? 'ne1000',
    );
    const choice = pickRateUnits(mlPerMin);
    if (choice === null)
      throw new DeviceError(`rate ${rateMlPerDay} mL/day cannot be written in the pump's 4-digit format`, 'out-of-range');
    let rate = choice.value;
    let units = choice.units;
    if (this.running && this.rateUnits !== undefined && units !== this.rateUnits) {
      // Units may not change while running [M]: keep the current ones if the number fits.
      const text = formatNeNumber(mlPerMinToRate(mlPerMin, this.rateUnits));
      if (text === null)
        throw new DeviceError(`rate ${rateMlPerDay} mL/day needs ${units}, and units cannot change while running: stop first`, 'refused');
      rate = Number(text);
      units = this.rateUnits;
    }
    await this.command({ cmd: 'RAT', rate, units });
    this.rateUnits = units;
  }

  async start(): Promise<void> {
    if (!this.running) {
      const dir = parseNeDirectionData((await this.command({ cmd: 'DIR' })).data);
      if (dir !== 'INF') await this.command({ cmd: 'DIR', direction: 'INF' });
    }
    await this.command({ cmd: 'RUN' });
  }

  /** First STP pauses (P), a second stops (S) [M]: stop() sends both when needed. */
  async stop(): Promise<void> {
    const reply = await this.command({ cmd: 'STP' });
    if (reply.status === 'P') await this.command({ cmd: 'STP' });
  }

  /** One STP: a running program pauses and RUN resumes it (the target volume continues). */
  async pause(): Promise<NeStatus> {
    return (await this.command({ cmd: 'STP' })).status;
  }

  async readDeliveredMl(): Promise<number> {
    const reply = await this.command({ cmd: 'DIS' });
    const dis = parseNeDispensedData(reply.data);
    if (dis === null) throw new DeviceError(`${this.session.where}: DIS answered ${JSON.stringify(reply.data)}`, 'protocol');
    return dis.infusedMl;
  }

  /** Volume to dispense (0 = continuous); the pump stops when it is reached. */
  async setTargetVolumeMl(volumeMl: number): Promise<void> {
    if (volumeMl === 0) {
      await this.command({ cmd: 'VOL', volume: 0 });
      return;
    }
    // µL below 1 mL keeps three more digits of resolution.
    const units = volumeMl >= 1 ? 'ML' : 'UL';
    const text = formatNeNumber(units === 'ML' ? volumeMl : volumeMl * 1000);
    if (text === null) throw new DeviceError(`target volume ${volumeMl} mL cannot be written in the pump's 4-digit format`, 'out-of-range');
    await this.command({ cmd: 'VOL', units });
    await this.command({ cmd: 'VOL', volume: Number(text) });
  }

  async clearDelivered(): Promise<void> {
    await this.command({ cmd: 'CLD', direction: 'INF' });
  }

  /** Emulator back door (`SIM:STALL`); a real pump answers `?` → DeviceError 'unsupported'. */
  async injectFault(fault: 'occlusion' | 'leak' | 'sensor' | 'brownout' | 'noise' | 'mute' | 'slow' | 'stall'): Promise<void> {
    if (fault !== 'stall') throw new DeviceError(`ne1000 emulator has no ${fault} fault`, 'unsupported');
    await this.sendText(`${this.address}SIM:STALL`);
  }

  /**
   * Sends a Network Command Burst [M p.35]: one packet, one command for each of several pumps
   * (addresses 0..9) on this line, executed by all of them at once. Every addressed pump
   * answers at the same time, so the replies overlap and are ignored here (as the manual says);
   * read back with ordinary queries to know what each pump took.
   */
  async sendBurst(entries: readonly { address: number; command: NeCommand }[]): Promise<void> {
    let text: string;
    try {
      text = formatNeBurst(entries);
    } catch (error) {
      throw new DeviceError(`burst not sent: ${describeError(error)}`, 'out-of-range');
    }
    const ownSegment = entries.some((e) => e.address === this.address);
    await this.exclusive(async () => {
      this.burstQuiet = true;
      try {
        this.lastSentAtMs = this.session.clock.now();
        await this.untilQuiet(ownSegment, () => this.session.link.write(this.payload(text)));
      } finally {
        this.burstQuiet = false;
      }
    });
  }

  /**
   * Runs `send`, then waits until the line has been silent for BURST_QUIET_MS: the burst's
   * replies must be over before the next request, or a late one is taken for its answer. When
   * this pump is in the burst its own reply is awaited too (up to the reply timeout), since the
   * others' may all have come before it.
   */
  private untilQuiet(expectOwnReply: boolean, send: () => void): Promise<void> {
    const clock = this.session.clock;
    const deadlineMs = clock.now() + Math.max(BURST_QUIET_MS, this.options.timeoutMs ?? 500);
    return new Promise<void>((resolve) => {
      let ownSeen = !expectOwnReply;
      let timer: TimerId | undefined;
      const rearm = (): void => {
        if (timer !== undefined) clock.clearTimeout(timer);
        timer = clock.setTimeout(() => {
          if (!ownSeen && clock.now() < deadlineMs) return rearm();
          offData();
          offStray();
          resolve();
        }, BURST_QUIET_MS);
      };
      const offData = this.session.link.on('data', rearm);
      const offStray = this.session.channel.on('stray', (frame) => {
        const reply = validateNeFrame(frame);
        if (reply.ok && reply.value.address === this.address) ownSeen = true;
      });
      send();
      rearm();
    });
  }

  /**
   * Sets the rates of several pumps on this line at one instant with a burst (`0RAT…*1RAT…*`).
   * All rates are written in `units` (a running pump refuses a change of units, so give the
   * units the pumps run in). Throws before sending when a rate does not fit the 4-digit format.
   */
  async setRatesAtOnce(rates: readonly { address: number; rateMlPerMin: number }[], units: NeRateUnits): Promise<void> {
    const entries = rates.map(({ address, rateMlPerMin }) => {
      const text = formatNeNumber(mlPerMinToRate(rateMlPerMin, units));
      if (text === null || !(rateMlPerMin > 0))
        throw new DeviceError(
          `rate ${rateMlPerMin} mL/min for pump ${address} cannot be written in ${units} (burst not sent)`,
          'out-of-range',
        );
      return { address, command: { cmd: 'RAT' as const, rate: Number(text), units } };
    });
    await this.sendBurst(entries);
  }

  onEvent(listener: DeviceEventListener): () => void {
    return this.listeners.add(listener);
  }

  /** Leaves basic mode behind (SAF0) when we turned safe mode on, so the pump does not alarm T
   * after a clean close; then closes the port. */
  async close(): Promise<void> {
    this.stopHeartbeat();
    if (this.safeTimeoutS > 0 && this.options.safeMode !== undefined && this.session.link.isOpen) {
      await this.command({ cmd: 'SAF', timeoutS: 0 }).catch(() => undefined);
    }
    this.offStray();
    this.offLink();
    await this.session.close();
  }
}

/** A third of the SAF timeout in host ms (two heartbeats may be lost before the pump gives up),
 * for a device whose clock runs `deviceSpeed` times the host's. */
function heartbeatPeriodMs(timeoutS: number, deviceSpeed: number): number {
  if (!(deviceSpeed > 0))
    throw new DeviceError(`device speed ${deviceSpeed} is not positive: safe mode needs a running device clock`, 'unsupported');
  const periodMs = Math.floor((timeoutS * 1000) / 3 / deviceSpeed);
  if (periodMs < MIN_HEARTBEAT_MS) {
    throw new DeviceError(
      `SAF ${timeoutS} s at device speed ${deviceSpeed} leaves ${periodMs} ms between heartbeats (at least ${MIN_HEARTBEAT_MS} ms needed): use a longer SAF timeout or a lower speed`,
      'unsupported',
    );
  }
  return periodMs;
}

function runState(status: NeStatus): DeviceRunState {
  switch (status) {
    case 'I':
    case 'W':
    case 'X':
      return 'running';
    case 'P':
    case 'T':
    case 'U':
      return 'paused';
    case 'S':
      return 'stopped';
  }
}
