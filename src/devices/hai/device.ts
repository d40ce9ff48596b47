/**
 * `HaiDevice`: the implanted HAI pump (emulated or real) behind `PumpDevice`, speaking
 * protocols/hai over a `LineTransport`. Every request is built by the codec (`formatRequest`,
 * which refuses out-of-range values before they reach the wire) and every reply is parsed by it;
 * an `ERR` reply becomes a `HaiCommandError` carrying the device's code.
 *
 * Simulated time is advanced towards an absolute target in **device** time (`SYSTem:TIME?`,
 * kept in the device's NVM), never by blind increments: if the link drops while
 * `SIM:TIME:ADV` is in flight, the command may or may not have run, and re-sending it could
 * double the delivered volume. `advanceTimeMs(0)` re-reads `SYST:TIME?` and advances only what
 * is still missing, so a retry after a reconnect is exactly-once. Device time, not world time
 * (`SIM:TIME?`), because a restarted emulator is a new process whose world starts again at 0
 * while the device resumes from its NVM: anchored on world time, the host would deliver again
 * everything since 0 (issue 11: 46 days counted twice).
 *
 * Restarts (PROTOCOL.md 6, 7.1, 7.3) are found after every link problem and on every `!BOOT`:
 * a `!BOOT` line, a newer boot record in the event log, world time or device time gone back.
 * The driver then reports one `restart` event and re-anchors: it freezes the new world again,
 * gives it back the environment and plant faults it had (a new process starts with defaults),
 * and advances the device to where the host's time is, so time lost since the device's last
 * NVM commit is made up once.
 */
import {
  ALARMS,
  formatRequest,
  parseFaultList,
  parseIdn,
  parseInteger,
  parseNumber,
  parseReply,
  parseState,
  parseUnsolicited,
  parseAlarmList,
  parseLogRecord,
  LOG_EVENTS,
  RESET_CAUSES,
  type HaiBoot,
  type HaiRequest,
  type HaiUnsolicited,
  type PumpState,
  type SimFault,
  type ValueParse,
} from '../../../protocols/hai/index.ts';
import type { InfusateName } from '../../model/index.ts';
import { MS_PER_DAY } from '../../model/index.ts';
import type { LineTransport } from '../../transport/index.ts';
import {
  DeviceError,
  type DeviceAlarm,
  type DeviceCapabilities,
  type DeviceEnvironment,
  type DeviceEvent,
  type DeviceFault,
  type DeviceIdentity,
  type DeviceRestart,
  type DeviceStatus,
  type PumpDevice,
  type RestartEvidence,
} from '../pump-device.ts';
import { describeError } from '../../model/errors.ts';
import { SIM_FAULT_OF } from './sim-faults.ts';

export type { DeviceEvent };
type EventListener = (event: DeviceEvent) => void;
/** One request on some path (the transport's normal queue, or its resync hook); value text back. */
type Ask = (request: HaiRequest, timeoutMs?: number) => Promise<string>;

/** The device answered `ERR <code>,"<text>"`: nothing was executed (PROTOCOL.md 2.1). */
export class HaiCommandError extends DeviceError {
  override name = 'HaiCommandError';
  constructor(
    readonly request: string,
    readonly deviceCode: number,
    readonly deviceText: string,
  ) {
    super(`${request}: device refused with ERR ${deviceCode} (${deviceText})`, deviceCode === -113 ? 'unsupported' : 'refused');
  }
}

/** What the driver needs from its line: requests and unsolicited lines (LineTransport has both). */
export type HaiLine = Pick<LineTransport, 'request' | 'onUnsolicited' | 'close'>;

export interface HaiDeviceOptions {
  line: HaiLine;
  crc: boolean;
  timeoutMs: number;
  /** Wall-clock ms for event stamps only (never for device time). */
  now?: () => number;
}

/** `SIM:TIME:ADV` takes at most 366 days (PROTOCOL.md 7.4). */
const MAX_ADVANCE_MS = 366 * MS_PER_DAY;
/** Newest log records read back when looking for a boot record after a link problem. */
const BOOT_SCAN_RECORDS = 32;
/** Faults of the pump itself (its plant), which a new emulator process must be given again. */
const PLANT_FAULTS: ReadonlySet<SimFault> = new Set(['OCCLUSION', 'LEAK', 'SENSOR']);

const SEVERITY = { HIGH: 'alarm', MEDIUM: 'warning', LOW: 'info' } as const;
const ALARM_TEXT = new Map<number, string>(Object.values(ALARMS).map((a) => [a.code, a.text]));

function runStateOf(state: PumpState): DeviceStatus['state'] {
  switch (state) {
    case 'EMPTY':
    case 'DRAINED':
    // The drain procedure took the volume out when it started (PROTOCOL.md 7.2): the reservoir is empty.
    case 'DRAINING':
      return 'empty';
    case 'DEPLETED':
    case 'FAULT':
      return 'alarm';
    default:
      return 'running';
  }
}

export class HaiDevice implements PumpDevice {
  readonly kind = 'hai' as const;
  private caps: DeviceCapabilities = { fixedRate: true, reservoir: true, simulatedTime: false, environment: false, faults: false };
  private readonly listeners: EventListener[] = [];
  private readonly line: HaiLine;
  private readonly now: () => number;
  /** Device time (SYST:TIME?) when lockstep began; the target is this plus `requestedMs`. */
  private baseDeviceMs: number | undefined;
  private requestedMs = 0;
  /** Device time now, when there is no doubt; undefined after a link problem. */
  private knownDeviceMs: number | undefined;
  /** The latest the device confirmed: a restart shows as a step back from these. */
  private seen: { deviceMs?: number; worldMs?: number; logSeq?: number } = {};
  /** A `!BOOT` line not yet looked into. */
  private bootLine: Omit<HaiBoot, 'kind'> | undefined;
  /** A restart was reported; the re-anchoring has not completed yet. */
  private reanchorPending = false;
  /** A new emulator process starts with a default world: give it back what this driver set. */
  private worldLost = false;
  private checking = false;
  /** What this driver set in the emulator's world, to give a new emulator process again. */
  private environment: DeviceEnvironment = {};
  private readonly plantFaults = new Map<SimFault, number | undefined>();
  private closed = false;

  constructor(private readonly options: HaiDeviceOptions) {
    this.line = options.line;
    this.now = options.now ?? Date.now;
    options.line.onUnsolicited((text) => this.onUnsolicited(text));
  }

  get capabilities(): DeviceCapabilities {
    return this.caps;
  }

  /**
   * Finds out whether this is the emulator: it answers `SIM:FAULT?`, a real pump answers every
   * `SIM:` header with -113 (PROTOCOL.md 7.4). Sets the capabilities accordingly.
   */
  async probeSimulation(): Promise<boolean> {
    let simulation = true;
    try {
      await this.query({ kind: 'simFaultQuery' }, parseFaultList);
    } catch (error) {
      if (!(error instanceof HaiCommandError && error.deviceCode === -113)) throw error;
      simulation = false;
    }
    this.caps = { fixedRate: true, reservoir: true, simulatedTime: simulation, environment: simulation, faults: simulation };
    return simulation;
  }

  /**
   * What a later restart is measured against: device time, world time (an emulator) and the
   * newest event-log record. The factory calls it once the device is identified.
   */
  async learnBaseline(): Promise<void> {
    const ask: Ask = (request, timeoutMs) => this.sendNow(request, timeoutMs);
    this.bootLine = undefined;
    this.seen = await this.observe(ask);
  }

  // ---- requests ---------------------------------------------------------------------------

  /** Sends one request; resolves with the reply's value text (`OK` → ''), throws on `ERR`. */
  private async send(request: HaiRequest, timeoutMs = this.options.timeoutMs): Promise<string> {
    // A `!BOOT` came while the link stayed up: find out what the restart cost before going on.
    if (this.bootLine !== undefined && !this.checking) await this.checkRestart((r, t) => this.sendNow(r, t));
    return this.sendNow(request, timeoutMs);
  }

  private async sendNow(request: HaiRequest, timeoutMs = this.options.timeoutMs): Promise<string> {
    const text = formatRequest(request, { crc: this.options.crc });
    const raw = await this.line.request(text, { timeoutMs, label: text });
    const parsed = parseReply(raw);
    if (!parsed.ok) throw new DeviceError(`${text}: unreadable reply ${JSON.stringify(raw)} (${parsed.reason})`, 'protocol');
    switch (parsed.reply.kind) {
      case 'ok':
        return '';
      case 'value':
        return parsed.reply.text;
      case 'error':
        throw new HaiCommandError(text, parsed.reply.code, parsed.reply.message);
    }
  }

  private async query<T>(request: HaiRequest, parse: (text: string) => ValueParse<T>): Promise<T> {
    const text = await this.send(request);
    const value = parse(text);
    if (!value.ok) throw new DeviceError(`${request.kind}: ${value.message}`, 'protocol');
    return value.value;
  }

  // ---- PumpDevice -------------------------------------------------------------------------

  async identify(): Promise<DeviceIdentity> {
    const idn = await this.query({ kind: 'idn' }, parseIdn);
    return { model: idn.model, firmware: idn.firmware, serial: idn.serial };
  }

  async status(): Promise<DeviceStatus> {
    const state = await this.query({ kind: 'stateQuery' }, parseState);
    const flow = await this.query({ kind: 'flowQuery' }, parseNumber);
    return { state: runStateOf(state), raw: state, rateMlPerDay: flow, reservoirMl: await this.readReservoirMl() };
  }

  async readReservoirMl(): Promise<number | null> {
    try {
      return await this.query({ kind: 'volumeQuery' }, parseNumber);
    } catch (error) {
      // 107: the volume sensor failed; the volume is unknown, which is not a link problem.
      if (error instanceof HaiCommandError && error.deviceCode === 107) return null;
      throw error;
    }
  }

  async alarms(): Promise<DeviceAlarm[]> {
    const list = await this.query({ kind: 'alarmList' }, parseAlarmList);
    return list.map((a) => ({
      code: String(a.code),
      severity: SEVERITY[a.severity],
      acknowledged: a.acknowledged,
      ...(ALARM_TEXT.has(a.code) ? { text: ALARM_TEXT.get(a.code) } : {}),
    }));
  }

  async acknowledge(code?: string): Promise<void> {
    const target = code === undefined || code === 'ALL' ? 'ALL' : Number(code);
    if (target !== 'ALL' && !Number.isInteger(target)) throw new DeviceError(`not a HAI alarm code: ${code}`, 'out-of-range');
    await this.send({ kind: 'alarmAck', target });
  }

  async setRate(): Promise<void> {
    throw new DeviceError('the HAI pump has a fixed, gas-driven rate; it cannot be set', 'unsupported');
  }

  /** Nothing to start: the pump infuses whenever it holds infusate. */
  async start(): Promise<void> {}

  async stop(): Promise<void> {
    throw new DeviceError('the HAI pump cannot be stopped; drain it to end delivery', 'unsupported');
  }

  async readDeliveredMl(): Promise<number> {
    return this.query({ kind: 'deliveredQuery' }, parseNumber);
  }

  async fill(infusate: InfusateName, volumeMl: number): Promise<void> {
    await this.send({ kind: 'fill', infusate, volumeMl });
  }

  async drain(): Promise<number> {
    return this.query({ kind: 'drain' }, parseNumber);
  }

  async bolus(volumeMl: number): Promise<void> {
    // Side port: PROTOCOL.md keeps boluses out of PUMP:DEL?, so the counter stays reservoir-only.
    await this.send({ kind: 'bolus', volumeMl });
  }

  async advanceTimeMs(ms: number): Promise<void> {
    this.requireSimulation('advanceTimeMs');
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new DeviceError(`advanceTimeMs(${ms}): must be a finite ms >= 0`, 'out-of-range');
    // Counted before any await: a retry after a failure passes 0 and only completes the rest.
    this.requestedMs += Math.round(ms);
    if (this.baseDeviceMs === undefined) {
      // Lockstep: the controller owns time, so the device's own world clock must stand still.
      await this.send({ kind: 'simSpeed', factor: 0 });
      const at = await this.readDeviceTimeMs();
      this.baseDeviceMs = at;
      this.knownDeviceMs = at;
    }
    await this.catchUp(this.baseDeviceMs + this.requestedMs);
  }

  /** Device time (SYST:TIME?) as last seen, for reports and tests. */
  get deviceTimeMs(): number | undefined {
    return this.knownDeviceMs ?? this.seen.deviceMs;
  }

  private async readDeviceTimeMs(): Promise<number> {
    const at = await this.query({ kind: 'timeQuery' }, parseInteger);
    this.noteDeviceTime(at);
    return at;
  }

  private noteDeviceTime(atMs: number): void {
    this.seen.deviceMs = Math.max(atMs, this.seen.deviceMs ?? atMs);
  }

  /** An advance of `stepMs` was confirmed: a frozen world moved exactly as far as the device. */
  private noteAdvance(fromDeviceMs: number, stepMs: number): void {
    this.noteDeviceTime(fromDeviceMs + stepMs);
    if (this.seen.worldMs !== undefined) this.seen.worldMs += stepMs;
  }

  private async catchUp(targetMs: number): Promise<void> {
    for (;;) {
      // After any doubt (a reconnect, a failed request) ask where the device is instead of guessing.
      const at = this.knownDeviceMs ?? (await this.readDeviceTimeMs());
      this.knownDeviceMs = at;
      if (at >= targetMs) return;
      const stepMs = Math.min(targetMs - at, MAX_ADVANCE_MS);
      this.knownDeviceMs = undefined;
      await this.send({ kind: 'simTimeAdvance', seconds: stepMs / 1000 });
      this.knownDeviceMs = at + stepMs;
      this.noteAdvance(at, stepMs);
    }
  }

  async setEnvironment(env: DeviceEnvironment): Promise<void> {
    this.requireSimulation('setEnvironment');
    for (const request of environmentRequests(env)) await this.send(request);
    this.environment = { ...this.environment, ...definedOf(env) };
  }

  async injectFault(fault: DeviceFault, param?: number): Promise<void> {
    this.requireSimulation('injectFault');
    const simFault = SIM_FAULT_OF[fault];
    if (simFault === undefined) throw new DeviceError(`the HAI emulator has no ${fault} fault`, 'unsupported');
    await this.send(faultRequest(simFault, param));
    if (PLANT_FAULTS.has(simFault)) this.plantFaults.set(simFault, param);
  }

  async clearFaults(): Promise<void> {
    this.requireSimulation('clearFaults');
    await this.send({ kind: 'simFaultClear', fault: 'ALL' });
    this.plantFaults.clear();
  }

  /** Active simulated faults as the emulator lists them (`SIM:FAULT?`). */
  async activeFaults(): Promise<{ fault: SimFault; param?: number }[]> {
    this.requireSimulation('activeFaults');
    return this.query({ kind: 'simFaultQuery' }, parseFaultList);
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.line.close();
  }

  // ---- link events and re-synchronisation --------------------------------------------------

  /** For the factory: the link dropped (unplug) or a request went unanswered. */
  linkLost(detail: { path: string; reason: string; error: string | null }): void {
    this.knownDeviceMs = undefined;
    this.emit({ type: 'link-lost', atMs: this.now(), detail });
  }

  /**
   * Run by the transport after a reconnect or a timeout, before queued requests go on: flush a
   * half-sent line, clear the error queue, and poll until two typed queries answer with their
   * own types (a late reply to an older request would fail one of them), then report the state.
   */
  async resync(request: (line: string, options: { timeoutMs: number; label?: string }) => Promise<string>, reason: string): Promise<void> {
    this.knownDeviceMs = undefined;
    const crc = this.options.crc;
    const pollMs = Math.min(this.options.timeoutMs, 500);
    const ask = async (req: HaiRequest, timeoutMs = pollMs): Promise<string> => {
      const text = formatRequest(req, { crc });
      const parsed = parseReply(await request(text, { timeoutMs, label: text }));
      if (!parsed.ok || parsed.reply.kind === 'error') throw new Error(`${text}: not answered`);
      return parsed.reply.kind === 'ok' ? '' : parsed.reply.text;
    };
    let lastError: unknown;
    for (let attempt = 1; attempt <= 120; attempt++) {
      try {
        // The leading LF ends any line the old connection left half-written (PROTOCOL.md 1.5).
        const flushText = formatRequest({ kind: 'clearStatus' }, { crc });
        await request(`\n${flushText}`, { timeoutMs: pollMs, label: flushText });
        const idn = parseIdn(await ask({ kind: 'idn' }, pollMs));
        const state = parseState(await ask({ kind: 'stateQuery' }, pollMs));
        if (!idn.ok || !state.ok) continue;
        await this.checkRestart(ask);
        const delivered = parseNumber(await ask({ kind: 'deliveredQuery' }, pollMs));
        const volume = await ask({ kind: 'volumeQuery' }, pollMs).then(parseNumber, () => undefined);
        this.emit({
          type: 'link-restored',
          atMs: this.now(),
          detail: {
            reason,
            attempts: attempt,
            state: state.value,
            deliveredMl: delivered.ok ? delivered.value : null,
            reservoirMl: volume?.ok === true ? volume.value : null,
          },
        });
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw new Error(`device did not answer after ${reason}: ${describeError(lastError)}`);
  }

  // ---- restarts ----------------------------------------------------------------------------

  /** Device time, world time (an emulator) and the newest log record's seq, with any boot since `since`. */
  private async observe(
    ask: Ask,
    since?: number,
  ): Promise<{ deviceMs: number; worldMs?: number; logSeq: number; bootCause?: string; logBack: boolean }> {
    const deviceMs = integerOf(await ask({ kind: 'timeQuery' }), 'SYST:TIME?');
    const worldMs = this.caps.simulatedTime ? integerOf(await ask({ kind: 'simTimeQuery' }), 'SIM:TIME?') : undefined;
    const count = integerOf(await ask({ kind: 'logCount' }), 'LOG:COUN?');
    let logSeq = 0;
    let bootCause: string | undefined;
    for (let i = count - 1; i >= 0 && i >= count - BOOT_SCAN_RECORDS; i--) {
      const record = parseLogRecord(await ask({ kind: 'logRead', index: i }));
      if (!record.ok) throw new DeviceError(`LOG:READ? ${i}: ${record.message}`, 'protocol');
      if (i === count - 1) logSeq = record.value.seq;
      // Only the newest record matters for a baseline; after one, everything newer than it.
      if (since === undefined || record.value.seq <= since) break;
      if (record.value.code === LOG_EVENTS.boot) {
        bootCause = RESET_CAUSES[record.value.value] ?? String(record.value.value);
        break;
      }
    }
    // The log only grows: fewer records than we saw means the restart lost an NVM commit.
    const logBack = since !== undefined && logSeq < since;
    return { deviceMs, ...(worldMs === undefined ? {} : { worldMs }), logSeq, ...(bootCause === undefined ? {} : { bootCause }), logBack };
  }

  /**
   * Finds out whether the device restarted since it was last seen, reports it once, and
   * re-anchors. Safe to run again after a failure half-way: evidence is measured against what
   * the device confirmed, and the re-anchoring (idempotent: it reads where the device is) is
   * repeated until it completes.
   */
  private async checkRestart(ask: Ask): Promise<void> {
    this.checking = true;
    try {
      const before = this.seen;
      const boot = this.bootLine;
      const now = await this.observe(ask, before.logSeq);
      const evidence: RestartEvidence[] = [];
      if (boot !== undefined) evidence.push('boot-line');
      if (now.bootCause !== undefined || now.logBack) evidence.push('boot-record');
      const worldBack = now.worldMs !== undefined && before.worldMs !== undefined && now.worldMs < before.worldMs;
      if (worldBack) evidence.push('world-time-back');
      if (before.deviceMs !== undefined && now.deviceMs < before.deviceMs) evidence.push('device-time-back');
      this.seen = { deviceMs: now.deviceMs, logSeq: now.logSeq, ...(now.worldMs === undefined ? {} : { worldMs: now.worldMs }) };
      this.bootLine = undefined;
      this.knownDeviceMs = now.deviceMs;
      const [how] = evidence;
      if (how !== undefined) {
        const restart = describeRestart(how, evidence, before, now, boot);
        this.reanchorPending = true;
        // A new process has a new world; a power-on boot may be one too (giving the same world
        // its own settings again is harmless).
        this.worldLost ||= worldBack || restart.reset === 'POWERON';
        this.emit({ type: 'restart', atMs: this.now(), detail: restart });
      }
      if (this.reanchorPending) await this.reanchor(ask);
    } finally {
      this.checking = false;
    }
  }

  private async reanchor(ask: Ask): Promise<void> {
    if (this.caps.simulatedTime) {
      if (this.baseDeviceMs !== undefined) await ask({ kind: 'simSpeed', factor: 0 });
      if (this.worldLost) {
        for (const request of environmentRequests(this.environment)) await ask(request);
        for (const [fault, param] of this.plantFaults) await ask(faultRequest(fault, param));
        this.worldLost = false;
      }
      if (this.baseDeviceMs !== undefined) {
        // Make up, once, the device time lost since its last NVM commit.
        const targetMs = this.baseDeviceMs + this.requestedMs;
        let at = this.knownDeviceMs ?? integerOf(await ask({ kind: 'timeQuery' }), 'SYST:TIME?');
        while (at < targetMs) {
          const stepMs = Math.min(targetMs - at, MAX_ADVANCE_MS);
          this.knownDeviceMs = undefined;
          await ask({ kind: 'simTimeAdvance', seconds: stepMs / 1000 }, this.options.timeoutMs);
          this.noteAdvance(at, stepMs);
          at += stepMs;
          this.knownDeviceMs = at;
        }
      }
    }
    this.reanchorPending = false;
  }

  private requireSimulation(what: string): void {
    if (!this.capabilities.simulatedTime)
      throw new DeviceError(`${what}: this HAI device is not an emulator (SIM: is undefined)`, 'unsupported');
  }

  private onUnsolicited(text: string): void {
    const parsed = parseUnsolicited(text);
    if (!parsed.ok) return;
    if (parsed.message.kind === 'boot') {
      const { kind: _k, ...boot } = parsed.message;
      this.bootLine = boot;
    }
    this.emit(eventOf(parsed.message, this.now()));
  }

  private emit(event: DeviceEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

function eventOf(message: HaiUnsolicited, nowMs: number): DeviceEvent {
  switch (message.kind) {
    case 'alarm':
      return { type: 'alarm', atMs: nowMs, detail: { code: String(message.code), severity: message.severity, text: message.text } };
    case 'telemetry': {
      const { kind: _k, atMs, ...rest } = message;
      return { type: 'telemetry', atMs: nowMs, detail: { deviceAtMs: atMs, ...rest } };
    }
    case 'boot':
      return {
        type: 'boot',
        atMs: nowMs,
        detail: { firmware: message.firmware, reset: message.reset, nvm: message.nvm, deviceAtMs: message.atMs },
      };
    case 'done':
      return {
        type: 'procedure-done',
        atMs: nowMs,
        detail: { procedure: message.procedure, deviceAtMs: message.atMs, volMl: message.volMl },
      };
    case 'other':
      return { type: 'other', atMs: nowMs, detail: { name: message.name, rest: message.rest } };
  }
}

function integerOf(text: string, what: string): number {
  const value = parseInteger(text);
  if (!value.ok) throw new DeviceError(`${what}: ${value.message}`, 'protocol');
  return value.value;
}

function definedOf(env: DeviceEnvironment): DeviceEnvironment {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as DeviceEnvironment;
}

function environmentRequests(env: DeviceEnvironment): HaiRequest[] {
  const requests: HaiRequest[] = [];
  if (env.tempC !== undefined) requests.push({ kind: 'simTemperature', temperatureC: env.tempC });
  // Altitude first: it also sets the ambient pressure, which an explicit ambient then overrides.
  if (env.altitudeM !== undefined) requests.push({ kind: 'simAltitude', altitudeM: env.altitudeM });
  if (env.ambientMmHg !== undefined) requests.push({ kind: 'simAmbient', ambientMmHg: env.ambientMmHg });
  if (env.arterialMmHg !== undefined) requests.push({ kind: 'simArterial', arterialMmHg: env.arterialMmHg });
  return requests;
}

function faultRequest(fault: SimFault, param: number | undefined): HaiRequest {
  return param === undefined ? { kind: 'simFault', fault } : { kind: 'simFault', fault, param };
}

function describeRestart(
  how: RestartEvidence,
  evidence: RestartEvidence[],
  before: { deviceMs?: number; worldMs?: number },
  now: { deviceMs: number; worldMs?: number; bootCause?: string },
  boot: Omit<HaiBoot, 'kind'> | undefined,
): DeviceRestart {
  const lostDeviceMs = before.deviceMs === undefined ? undefined : Math.max(0, before.deviceMs - now.deviceMs);
  const reset = boot?.reset ?? now.bootCause;
  const parts: string[] = [];
  if (evidence.includes('world-time-back'))
    parts.push(`world time went back from ${before.worldMs ?? '?'} to ${now.worldMs ?? '?'} ms (a new emulator process)`);
  if (evidence.includes('boot-line')) parts.push(`!BOOT reset=${boot?.reset ?? '?'} nvm=${boot?.nvm ?? '?'}`);
  if (evidence.includes('boot-record'))
    parts.push(`a boot record in the log${now.bootCause === undefined ? ' (or the log went back)' : ` (reset ${now.bootCause})`}`);
  parts.push(
    `device time resumed at ${now.deviceMs} ms${lostDeviceMs === undefined ? '' : `, ${lostDeviceMs} ms lost since its last NVM commit`}`,
  );
  return {
    how,
    evidence,
    text: `the pump restarted: ${parts.join('; ')}`,
    deviceTimeMs: now.deviceMs,
    ...(before.deviceMs === undefined ? {} : { lastDeviceTimeMs: before.deviceMs }),
    ...(lostDeviceMs === undefined ? {} : { lostDeviceMs }),
    ...(reset === undefined ? {} : { reset }),
    ...(boot === undefined ? {} : { nvm: boot.nvm }),
  };
}
