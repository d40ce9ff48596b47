/**
 * `HarvardUltraDevice`: a Harvard Apparatus pump speaking the "Ultra" command set (Pump 11
 * Elite, PHD ULTRA) behind `PumpDevice`. Requests carry the address straight in front of the
 * command (`6irat 3.2 ul/min`; none for pump 0) and every reply must come from that address.
 * Rates are bounded by the pump's own `irate lim` when it answers (the maker's numbers) and by
 * the syringe table otherwise, and are refused before anything is sent; the prompt of every
 * reply tells running, stalled and target reached.
 */
import {
  HARVARD_FACTORY_BAUD,
  HARVARD_MESSAGES,
  findHarvardModel,
  formatHarvardCommand,
  harvardAddressPrefix,
  harvardModelOfVer,
  mlPerMinToHarvardRate,
  parseHarvardDiameterLine,
  parseHarvardRateLimitsLine,
  parseHarvardStatusLine,
  parseHarvardVolumeLine,
} from '../../../protocols/harvard/index.ts';
import type { HarvardCommand, HarvardRateUnits, HarvardReply } from '../../../protocols/harvard/index.ts';
import { RealClock, type Clock } from '../../model/clock.ts';
import type { PortOpener, TrafficLogSink } from '../../transport/index.ts';
import { DeviceError, syringePumpCapabilities } from '../pump-device.ts';
import type { DeviceAlarm, DeviceIdentity, DeviceRunState, DeviceStatus, PumpDevice, UnstampedDeviceEvent } from '../pump-device.ts';
import { DeviceListeners, type DeviceEventListener } from '../device-listeners.ts';
import { afterFirstContact } from '../first-contact.ts';
import { PendingAlarms } from '../pending-alarms.ts';
import { MIN_PER_DAY, refuseRateOutside, syringeRateRange, type RateRangeMlPerMin } from '../syringe-rate-range.ts';
import { LineRegistry, SerialSession, sessionPortOptions } from '../newera/serial-session.ts';
import { forwardLinkEvents } from '../link-events.ts';
import { harvardFramer } from './framer.ts';

/** Pumps on one RJ-11 chain share its line (one request in flight for all of them). */
const CHAIN_LINES = new LineRegistry<HarvardReply, HarvardReply>();
import { findSyringe, type NamedSyringe } from '../syringes.ts';

export interface HarvardUltraDeviceOptions {
  path: string;
  baudRate?: number;
  address?: number;
  /** Syringe name or row: sets `diameter` (and `svolume`) at open and bounds every rate. */
  syringe?: string | NamedSyringe;
  trafficLog?: TrafficLogSink;
  timeoutMs?: number;
  /** Pump model id in hardware/pump-models.json and protocols/harvard/models.ts (default elite11). */
  pumpModel?: string;
  clock?: Clock;
  opener?: PortOpener;
}

/** Units that keep the number at or above 1, largest first: readable in logs, and the pump
 * takes 6 significant digits in any unit. */
const RATE_UNITS_BY_SIZE: ReadonlyArray<HarvardRateUnits> = ['ml/min', 'ml/hr', 'ul/min', 'ul/hr', 'nl/min', 'nl/hr'];

export function pickHarvardRateUnits(mlPerMin: number): { value: number; units: HarvardRateUnits } {
  for (const units of RATE_UNITS_BY_SIZE) {
    const value = mlPerMinToHarvardRate(mlPerMin, units);
    if (value >= 1) return { value, units };
  }
  return { value: mlPerMinToHarvardRate(mlPerMin, 'pl/min'), units: 'pl/min' };
}

export class HarvardUltraDevice implements PumpDevice {
  readonly kind = 'elite11' as const;
  readonly capabilities = syringePumpCapabilities();
  readonly address: number;
  readonly syringe: NamedSyringe | undefined;
  private readonly separator: '' | ':';
  private readonly pendingAlarms = new PendingAlarms();
  private readonly listeners = new DeviceListeners();
  private lastPrompt: HarvardReply['prompt'] = ':';
  private pumpLimits: RateRangeMlPerMin | undefined;
  private diameterMm: number | undefined;

  private constructor(
    private readonly session: SerialSession<HarvardReply, HarvardReply>,
    private readonly options: HarvardUltraDeviceOptions,
  ) {
    this.address = options.address ?? 0;
    this.syringe = typeof options.syringe === 'string' ? findSyringe(options.syringe) : options.syringe;
    this.separator = findHarvardModel(options.pumpModel ?? 'elite11')?.addressSeparator ?? '';
    this.offLink = forwardLinkEvents(session.link, (event) => this.emit(event));
  }

  private readonly offLink: () => void;

  static async open(options: HarvardUltraDeviceOptions): Promise<HarvardUltraDevice> {
    if (typeof options.syringe === 'string') findSyringe(options.syringe);
    // Throws on a bad address before the port is opened.
    harvardAddressPrefix(options.address ?? 0);
    const clock = options.clock ?? new RealClock();
    const session = await SerialSession.open<HarvardReply, HarvardReply>({
      kind: 'elite11',
      lines: CHAIN_LINES,
      baudRate: options.baudRate ?? HARVARD_FACTORY_BAUD,
      timeoutMs: options.timeoutMs ?? 500,
      framer: harvardFramer(clock),
      validate: (reply) => ({ ok: true, value: reply }),
      describeFrame: (r) => [...r.lines, `${r.address === undefined ? '' : String(r.address).padStart(2, '0')}${r.prompt}`].join(' | '),
      ...sessionPortOptions(options, clock),
    });
    const device = new HarvardUltraDevice(session, options);
    return afterFirstContact(device, () => device.connect());
  }

  private async connect(): Promise<void> {
    const first = await this.exchange({ cmd: 'diameter' });
    if (this.syringe !== undefined && first.prompt !== '>' && first.prompt !== '<') {
      await this.command({ cmd: 'diameter', diameterMm: this.syringe.insideDiameterMm });
      await this.command({ cmd: 'svolume', volume: { value: this.syringe.nominalVolumeMl, units: 'ml' } });
      this.diameterMm = this.syringe.insideDiameterMm;
    } else {
      this.diameterMm = parseHarvardDiameterLine(first.lines[0] ?? '') ?? undefined;
    }
    await this.refreshLimits();
  }

  /** The pump's own limits for its diameter (`irate lim`), when it answers them. */
  private async refreshLimits(): Promise<void> {
    const reply = await this.exchange({ cmd: 'irate', arg: { kind: 'lim' } });
    const lim = reply.error === undefined ? parseHarvardRateLimitsLine(reply.lines[0] ?? '') : null;
    this.pumpLimits = lim === null ? undefined : { minMlPerMin: lim.min.mlPerMin, maxMlPerMin: lim.max.mlPerMin };
  }

  // ---- wire ------------------------------------------------------------------------------

  private format(c: HarvardCommand): string {
    return formatHarvardCommand(c, { address: this.address, addressSeparator: this.separator });
  }

  private async exchange(c: HarvardCommand): Promise<HarvardReply> {
    return this.exchangeText(this.format(c));
  }

  private async exchangeText(text: string): Promise<HarvardReply> {
    const reply = await this.session.request(text, text.trimEnd());
    const from = reply.address ?? 0;
    if (from !== this.address) {
      // A lone pump answers a line with no address whatever its own address is.
      throw new DeviceError(
        `${this.session.where}: the pump at address ${from} answered ${JSON.stringify(text.trimEnd())}, not pump ${this.address}: use address ${from}`,
        'protocol',
      );
    }
    this.notePrompt(reply.prompt, text);
    return reply;
  }

  private notePrompt(prompt: HarvardReply['prompt'], sent: string): void {
    // [?] The Elite sends nothing at power-up over the port: a pump we left running that idles
    // without a stop, stall or target (the only ways it stops by itself) lost power meanwhile.
    // Its counters (ivolume) are kept across power cycles, so the host re-sends rate and run.
    const wasRunning = this.lastPrompt === '>' || this.lastPrompt === '<';
    if (wasRunning && prompt === ':' && !/^\d*:?\s*(stp|stop)\b/.test(sent.trim())) {
      this.emit({
        type: 'restart',
        detail: {
          how: 'stopped-by-itself',
          evidence: ['stopped-by-itself'],
          text: `${this.session.where} stopped by itself while running (power lost?) at ${JSON.stringify(sent.trim())}`,
        },
      });
    }
    if (prompt === '*' && this.lastPrompt !== '*') this.recordAlarm('stall', 'alarm', 'motor stalled');
    if (prompt === 'T*' && this.lastPrompt !== 'T*') this.emit({ type: 'target-reached', detail: {} });
    this.lastPrompt = prompt;
  }

  private async command(c: HarvardCommand): Promise<HarvardReply> {
    const reply = await this.exchange(c);
    const error = reply.error;
    if (error === undefined) return reply;
    const label = JSON.stringify(this.format(c).trimEnd());
    const said = `${error.kind === 'command' ? 'Command error' : `Argument error${error.argument === undefined ? '' : ` ${error.argument}`}`}: ${error.message}`;
    if (error.kind === 'command' && error.message === HARVARD_MESSAGES.unknownCommand) {
      throw new DeviceError(`${this.session.where} does not know ${label} (${said})`, 'unsupported');
    }
    if (/out of range/i.test(error.message)) throw new DeviceError(`${this.session.where} refused ${label}: ${said}`, 'out-of-range');
    throw new DeviceError(`${this.session.where} refused ${label}: ${said}`, error.kind === 'command' ? 'refused' : 'protocol');
  }

  private recordAlarm(code: string, severity: DeviceAlarm['severity'], text: string): void {
    this.pendingAlarms.add({ code, severity, text });
    this.emit({ type: 'alarm', detail: { code, text } });
  }

  private emit(event: UnstampedDeviceEvent): void {
    this.listeners.emit(event, this.session.clock.now());
  }

  // ---- PumpDevice ------------------------------------------------------------------------

  async identify(): Promise<DeviceIdentity> {
    const reply = await this.command({ cmd: 'ver' });
    const line = reply.lines.join(' ').trim();
    const firmware = /(\d+(?:\.\d+)+)\s*$/.exec(line)?.[1] ?? '';
    return { model: harvardModelOfVer(line)?.name ?? line.replace(firmware, '').trim(), firmware };
  }

  /** `status` gives the rate the motor runs at now; the prompt gives the state. */
  async status(): Promise<DeviceStatus> {
    const reply = await this.command({ cmd: 'status' });
    const status = parseHarvardStatusLine(reply.lines[0] ?? '');
    if (status === null) throw new DeviceError(`${this.session.where}: status answered ${JSON.stringify(reply.lines)}`, 'protocol');
    return { state: runState(reply.prompt), raw: reply.prompt, rateMlPerDay: status.rateMlPerMin * MIN_PER_DAY, reservoirMl: null };
  }

  async alarms(): Promise<DeviceAlarm[]> {
    return this.pendingAlarms.list();
  }

  /** A stall is cleared by the next run or stop; this forgets what the host has seen. */
  async acknowledge(code?: string): Promise<void> {
    this.pendingAlarms.forget(code);
  }

  rateRangeMlPerMin(): RateRangeMlPerMin {
    if (this.pumpLimits !== undefined) return this.pumpLimits;
    return syringeRateRange(this.session.where, this.syringe?.insideDiameterMm ?? this.diameterMm, this.options.pumpModel ?? 'elite11');
  }

  async setRate(rateMlPerDay: number): Promise<void> {
    const mlPerMin = rateMlPerDay / MIN_PER_DAY;
    refuseRateOutside(rateMlPerDay, this.rateRangeMlPerMin(), this.syringe?.name ?? `diameter ${this.diameterMm ?? '?'} mm`, 'elite11');
    await this.command({ cmd: 'irate', arg: { kind: 'rate', ...pickHarvardRateUnits(mlPerMin) } });
  }

  async start(): Promise<void> {
    const reply = await this.command({ cmd: 'irun' });
    if (reply.prompt === '*') throw new DeviceError(`${this.session.where} stalled on irun`, 'alarm');
  }

  async stop(): Promise<void> {
    await this.command({ cmd: 'stp' });
  }

  async readDeliveredMl(): Promise<number> {
    const reply = await this.command({ cmd: 'ivolume' });
    const volume = parseHarvardVolumeLine(reply.lines[0] ?? '');
    if (volume === null) throw new DeviceError(`${this.session.where}: ivolume answered ${JSON.stringify(reply.lines)}`, 'protocol');
    return volume.ml;
  }

  /** Target volume (0 clears it); the pump stops with `T*` when the infused total reaches it. */
  async setTargetVolumeMl(volumeMl: number): Promise<void> {
    if (volumeMl === 0) await this.command({ cmd: 'ctvolume' });
    else
      await this.command({
        cmd: 'tvolume',
        volume: volumeMl >= 1 ? { value: volumeMl, units: 'ml' } : { value: volumeMl * 1000, units: 'ul' },
      });
  }

  async clearDelivered(): Promise<void> {
    await this.command({ cmd: 'civolume' });
  }

  /** The prompt of the last reply (`:` `>` `<` `*` `T*`). */
  get prompt(): HarvardReply['prompt'] {
    return this.lastPrompt;
  }

  /** Emulator back door (`sim:stall`); a real pump answers `Unknown command`. */
  async injectFault(fault: 'occlusion' | 'leak' | 'sensor' | 'brownout' | 'noise' | 'mute' | 'slow' | 'stall'): Promise<void> {
    if (fault !== 'stall') throw new DeviceError(`elite11 emulator has no ${fault} fault`, 'unsupported');
    await this.command({ cmd: 'sim:stall' });
  }

  onEvent(listener: DeviceEventListener): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    this.offLink();
    await this.session.close();
  }
}

function runState(prompt: HarvardReply['prompt']): DeviceRunState {
  switch (prompt) {
    case '>':
    case '<':
      return 'running';
    case '*':
      return 'alarm';
    case ':':
    case 'T*':
      return 'stopped';
  }
}
