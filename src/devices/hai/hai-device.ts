/**
 * `HaiDevice`: the implanted HAI pump (emulated or real) behind `PumpDevice`, speaking
 * protocols/hai over a `LineTransport`. Every request is built by the codec (`formatRequest`,
 * which refuses out-of-range values before they reach the wire) and every reply is parsed by it;
 * an `ERR` reply becomes a `HaiCommandError` carrying the device's code.
 *
 * Simulated time is advanced towards an absolute world-time target, never by blind increments:
 * if the link drops while `SIM:TIME:ADV` is in flight, the command may or may not have run, and
 * re-sending it could double the delivered volume. `advanceTimeMs(0)` re-reads `SIM:TIME?` and
 * advances only what is still missing, so a retry after a reconnect is exactly-once.
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
  type DeviceFault,
  type DeviceIdentity,
  type DeviceStatus,
  type PumpDevice,
} from '../pump-device.ts';

export type DeviceEvent = { type: string; atMs?: number; detail: Record<string, unknown> };
type EventListener = (event: DeviceEvent) => void;

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

const SIM_FAULT_OF: Partial<Record<DeviceFault, SimFault>> = {
  occlusion: 'OCCLUSION',
  leak: 'LEAK',
  sensor: 'SENSOR',
  brownout: 'BROWNOUT',
  noise: 'NOISE',
  mute: 'MUTE',
  slow: 'SLOW',
};

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
  /** World time (SIM:TIME?) when lockstep began; the target is this plus `requestedMs`. */
  private baseWorldMs: number | undefined;
  private requestedMs = 0;
  /** World time we last saw the device at; undefined when unknown (after a link problem). */
  private knownWorldMs: number | undefined;
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

  // ---- requests ---------------------------------------------------------------------------

  /** Sends one request; resolves with the reply's value text (`OK` → ''), throws on `ERR`. */
  private async send(request: HaiRequest, timeoutMs = this.options.timeoutMs): Promise<string> {
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
    if (this.baseWorldMs === undefined) {
      // Lockstep: the controller owns time, so the device's own world clock must stand still.
      await this.send({ kind: 'simSpeed', factor: 0 });
      const at = await this.query({ kind: 'simTimeQuery' }, parseInteger);
      this.baseWorldMs = at;
      this.knownWorldMs = at;
    }
    await this.catchUp(this.baseWorldMs + this.requestedMs);
  }

  /** World time of the device as last seen (SIM:TIME?), for reports and tests. */
  get worldTimeMs(): number | undefined {
    return this.knownWorldMs;
  }

  private async catchUp(targetMs: number): Promise<void> {
    for (;;) {
      // After any doubt (a reconnect, a failed request) ask where the device is instead of guessing.
      const at = this.knownWorldMs ?? (await this.query({ kind: 'simTimeQuery' }, parseInteger));
      this.knownWorldMs = at;
      if (at >= targetMs) return;
      const stepMs = Math.min(targetMs - at, MAX_ADVANCE_MS);
      this.knownWorldMs = undefined;
      await this.send({ kind: 'simTimeAdvance', seconds: stepMs / 1000 });
      this.knownWorldMs = at + stepMs;
    }
  }

  async setEnvironment(env: DeviceEnvironment): Promise<void> {
    this.requireSimulation('setEnvironment');
    if (env.tempC !== undefined) await this.send({ kind: 'simTemperature', temperatureC: env.tempC });
    if (env.altitudeM !== undefined) await this.send({ kind: 'simAltitude', altitudeM: env.altitudeM });
    if (env.ambientMmHg !== undefined) await this.send({ kind: 'simAmbient', ambientMmHg: env.ambientMmHg });
    if (env.arterialMmHg !== undefined) await this.send({ kind: 'simArterial', arterialMmHg: env.arterialMmHg });
  }

  async injectFault(fault: DeviceFault, param?: number): Promise<void> {
    this.requireSimulation('injectFault');
    const simFault = SIM_FAULT_OF[fault];
    if (simFault === undefined) throw new DeviceError(`the HAI emulator has no ${fault} fault`, 'unsupported');
    await this.send(param === undefined ? { kind: 'simFault', fault: simFault } : { kind: 'simFault', fault: simFault, param });
  }

  async clearFaults(): Promise<void> {
    this.requireSimulation('clearFaults');
    await this.send({ kind: 'simFaultClear', fault: 'ALL' });
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
  linkLost(detail: Record<string, unknown>): void {
    this.knownWorldMs = undefined;
    this.emit({ type: 'link-lost', atMs: this.now(), detail });
  }

  /**
   * Run by the transport after a reconnect or a timeout, before queued requests go on: flush a
   * half-sent line, clear the error queue, and poll until two typed queries answer with their
   * own types (a late reply to an older request would fail one of them), then report the state.
   */
  async resync(request: (line: string, options: { timeoutMs: number; label?: string }) => Promise<string>, reason: string): Promise<void> {
    this.knownWorldMs = undefined;
    const crc = this.options.crc;
    const ask = async (req: HaiRequest, timeoutMs: number): Promise<string> => {
      const text = formatRequest(req, { crc });
      const parsed = parseReply(await request(text, { timeoutMs, label: text }));
      if (!parsed.ok || parsed.reply.kind === 'error') throw new Error(`${text}: not answered`);
      return parsed.reply.kind === 'ok' ? '' : parsed.reply.text;
    };
    const pollMs = Math.min(this.options.timeoutMs, 500);
    let lastError: unknown;
    for (let attempt = 1; attempt <= 120; attempt++) {
      try {
        // The leading LF ends any line the old connection left half-written (PROTOCOL.md 1.5).
        const flushText = formatRequest({ kind: 'clearStatus' }, { crc });
        await request(`\n${flushText}`, { timeoutMs: pollMs, label: flushText });
        const idn = parseIdn(await ask({ kind: 'idn' }, pollMs));
        const state = parseState(await ask({ kind: 'stateQuery' }, pollMs));
        if (!idn.ok || !state.ok) continue;
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
    throw new Error(`device did not answer after ${reason}: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
  }

  private requireSimulation(what: string): void {
    if (!this.capabilities.simulatedTime) throw new DeviceError(`${what}: this HAI device is not an emulator (SIM: is undefined)`, 'unsupported');
  }

  private onUnsolicited(text: string): void {
    const parsed = parseUnsolicited(text);
    if (!parsed.ok) return;
    this.emit(eventOf(parsed.message, this.now()));
  }

  private emit(event: DeviceEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

function eventOf(message: HaiUnsolicited, nowMs: number): DeviceEvent {
  switch (message.kind) {
    case 'alarm':
      return { type: 'alarm', atMs: nowMs, detail: { code: message.code, severity: message.severity, text: message.text } };
    case 'telemetry': {
      const { kind: _k, atMs, ...rest } = message;
      return { type: 'telemetry', atMs, detail: { deviceAtMs: atMs, ...rest } };
    }
    case 'boot': {
      const { kind: _k, ...rest } = message;
      return { type: 'boot', atMs: nowMs, detail: rest };
    }
    case 'done': {
      const { kind: _k, ...rest } = message;
      return { type: 'procedure-done', atMs: nowMs, detail: rest };
    }
    case 'other':
      return { type: 'other', atMs: nowMs, detail: { name: message.name, rest: message.rest } };
  }
}
