import { dryVolumeMl } from '../../../src/model/reservoir.ts';
import { MS_PER_MINUTE } from '../../../src/model/units.ts';
import type { PumpProfile } from '../../../src/model/profile.ts';
import { appendCrc } from '../../../protocols/hai/crc.ts';
import { ErrorQueue } from '../../../protocols/hai/error-queue.ts';
import { LineAssembler } from '../../../protocols/hai/line-assembler.ts';
import { formatFixed, formatFlowMlPerDay, formatVolumeMl } from '../../../protocols/hai/numbers.ts';
import { formatErrorReply, formatOk, formatValue } from '../../../protocols/hai/reply.ts';
import { decodeRequestLine } from '../../../protocols/hai/request.ts';
import type { HaiRequest } from '../../../protocols/hai/request-schema.ts';
import { isSimRequest } from '../../../protocols/hai/commands.ts';
import { SCPI_VERSION } from '../../../protocols/hai/values.ts';
import { ALARMS, LOG_EVENTS, PUMP_STATES, RESET_CAUSES, SELF_TEST_BITS, type PumpState } from '../../../protocols/hai/vocabulary.ts';
import type { AppContext, BootInfo, PersonalityInstance } from '../../app/personality.ts';
import { ALARM_BY_CODE, CLEARED_BY_ACK, isHigh } from './alarms.ts';
import { fail, ok, value, type Outcome } from './outcome.ts';
import { handleSimRequest, type SimTarget } from './sim-commands.ts';
import type { HaiPlant } from './plant.ts';
import { NL_PER_ML, Reservoir } from './reservoir.ts';
import { blankHaiState, type HaiState } from './state.ts';

export interface HaiFirmwareOptions {
  profile: PumpProfile;
  plant: HaiPlant;
  serial: string;
  /** Telemetry period at boot (s); volatile: *RST sets it to 0. */
  telemetryS: number;
}

export const HAI_FIRMWARE_VERSION = '1.0.0';
/** Most `!TEL` lines one advance may emit; PROTOCOL.md asks for one per boundary without bound. */
export const MAX_TEL_PER_ADVANCE = 100_000;

const mlText = (nl: number): string => formatVolumeMl(nl / NL_PER_ML);

/**
 * The HAI pump application: RAM state of one boot. Physics is integrated on every tick, alarms
 * follow from the integer state, and every state change is committed before its reply goes out.
 */
export class HaiFirmware implements PersonalityInstance<HaiState> {
  private readonly state: HaiState;
  private readonly reservoir: Reservoir;
  private readonly assembler = new LineAssembler();
  private readonly errors = new ErrorQueue();
  /** The SIM: back door's view of this firmware (sim-commands.ts). */
  private readonly simTarget: SimTarget;
  private telemetryPeriodS: number;
  private telemetryNextMs: number | undefined;
  private resetRequested = false;
  private readonly lowNl: number;
  private readonly taperNl: number;
  private readonly dryNl: number;

  constructor(
    private readonly ctx: AppContext,
    restored: HaiState | undefined,
    info: BootInfo,
    private readonly options: HaiFirmwareOptions,
  ) {
    const { profile } = options;
    this.state = restored ?? blankHaiState(info.atMs);
    // Device time resumed from the same commit as the state, so this is normally equal.
    this.state.atMs = Math.min(this.state.atMs, info.atMs);
    this.lowNl = Math.round(profile.lowReservoirMl * NL_PER_ML);
    this.taperNl = Math.round(profile.taper.fullFlowDownToMl * NL_PER_ML);
    this.dryNl = Math.round(dryVolumeMl(profile) * NL_PER_ML);
    this.reservoir = new Reservoir(profile, options.plant, ctx.sensors, this.state);
    this.telemetryPeriodS = 0;
    this.simTarget = {
      ctx,
      plant: options.plant,
      advanceTo: (nowMs) => this.advanceTo(nowMs),
      conditionsChanged: (nowMs) => {
        this.reservoir.reanchor();
        this.evaluate(nowMs);
      },
    };
    ctx.send(appendCrc(`!BOOT fw=${HAI_FIRMWARE_VERSION},reset=${info.cause},nvm=${info.nvm},atMs=${info.atMs}`), 'unsolicited');
    ctx.log.append(info.atMs, LOG_EVENTS.boot, RESET_CAUSES.indexOf(info.cause));
    if (info.nvm === 'CORRUPT') this.raise(ALARMS.nvmCorrupt.code, info.atMs);
    if (info.cause === 'WATCHDOG' || info.cause === 'BROWNOUT') this.raise(ALARMS.resetOccurred.code, info.atMs);
    this.setTelemetry(options.telemetryS, info.atMs);
    this.evaluate(info.atMs);
    ctx.markDirty();
  }

  // ---- loop interface -------------------------------------------------------------------

  receive(bytes: Uint8Array): void {
    for (const item of this.assembler.push(bytes)) {
      // After a command that resets the device, the rest of the input is lost with the RAM.
      if (this.resetRequested) return;
      const parsed = decodeRequestLine(item);
      if (parsed === null) continue;
      let outcome: Outcome;
      if (!parsed.ok) outcome = { kind: 'error', error: parsed.error };
      else outcome = this.execute(parsed.request);
      this.reply(outcome, parsed.crc);
      if (parsed.ok) this.afterReply(parsed.request);
    }
  }

  advanceTo(nowMs: number): void {
    const sim = this.ctx.sim;
    const muteUntil = sim?.link.muteUntilMs;
    if (sim !== undefined && muteUntil !== undefined && muteUntil <= nowMs) {
      sim.link.muteUntilMs = undefined;
      this.ctx.log.append(muteUntil, LOG_EVENTS.faultCleared, 6);
      this.ctx.markDirty();
    }
    if (this.reservoir.conditionsChanged()) {
      this.reservoir.reanchor();
    }
    let telemetryLines = 0;
    while (this.state.atMs < nowMs) {
      let next = nowMs;
      for (const threshold of [this.lowNl, this.taperNl, this.dryNl]) {
        const at = this.reservoir.crossingAtMs(threshold);
        if (at !== undefined && at < next) next = Math.max(at, this.state.atMs + 1);
      }
      const tel = this.telemetryNextMs;
      if (tel !== undefined && tel <= next) next = Math.max(tel, this.state.atMs + 1);
      const done = this.procedureEndMs();
      if (done !== undefined && done < next) next = Math.max(done, this.state.atMs + 1);
      this.reservoir.integrateTo(next);
      this.finishProcedures(next);
      this.evaluate(next);
      if (this.telemetryNextMs !== undefined && this.telemetryNextMs <= next) {
        if (telemetryLines++ < MAX_TEL_PER_ADVANCE) this.sendTelemetry(this.telemetryNextMs);
        this.telemetryNextMs += this.telemetryPeriodS * 1000;
        // Skip the boundaries beyond the cap in one step instead of iterating over them.
        if (telemetryLines >= MAX_TEL_PER_ADVANCE && this.telemetryNextMs < nowMs) {
          const period = this.telemetryPeriodS * 1000;
          this.telemetryNextMs += Math.ceil((nowMs - this.telemetryNextMs) / period) * period;
        }
      }
    }
    this.finishProcedures(this.state.atMs);
    this.evaluate(nowMs);
  }

  nextWakeMs(): number | undefined {
    const candidates = [this.telemetryNextMs, this.procedureEndMs()];
    for (const threshold of [this.lowNl, this.taperNl, this.dryNl]) candidates.push(this.reservoir.crossingAtMs(threshold));
    const times = candidates.filter((t): t is number => t !== undefined);
    return times.length === 0 ? undefined : Math.min(...times);
  }

  persistentState(): HaiState {
    return structuredClone(this.state);
  }

  digest(): string {
    const plant = this.options.plant;
    const link = this.ctx.sim?.link;
    return JSON.stringify({
      state: this.state,
      telemetryPeriodS: this.telemetryPeriodS,
      env: plant.environment,
      occlusion: [plant.occlusionActive, plant.occlusionFraction],
      leak: [plant.leakActive, plant.leakMlPerDay],
      sensor: plant.sensors.volumeSensorOk(),
      link: link === undefined ? null : [link.noiseProbability, link.muteUntilMs ?? null, link.slowMs],
      speed: this.ctx.sim?.world.speed ?? null,
      log: this.ctx.log.count,
    });
  }

  // ---- derived state --------------------------------------------------------------------

  /** The procedure shown by `PUMP:STATe?`: a needle procedure first, then a side-port bolus. */
  private procedureState(): PumpState | undefined {
    const s = this.state;
    if (s.procedure !== null) return s.procedure.kind === 'FILL' ? 'FILLING' : 'DRAINING';
    return s.bolus === null ? undefined : 'BOLUS';
  }

  private baseState(): PumpState {
    const s = this.state;
    if (s.infusate === null) return s.drained ? 'DRAINED' : 'EMPTY';
    if (s.volumeNl <= this.dryNl) return 'DEPLETED';
    if (s.volumeNl < this.taperNl) return 'TAPERING';
    if (s.volumeNl < this.lowNl) return 'LOW';
    return 'INFUSING';
  }

  private pumpState(): PumpState {
    const fault = this.state.alarms.some((a) => a.code !== ALARMS.depleted.code && isHigh(a.code));
    return fault ? 'FAULT' : (this.procedureState() ?? this.baseState());
  }

  // ---- procedures -----------------------------------------------------------------------

  /** Device time at which the next procedure (needle or side port) ends, if one is running. */
  private procedureEndMs(): number | undefined {
    const ends = [this.state.procedure?.endsAtMs, this.state.bolus?.endsAtMs].filter((t): t is number => t !== undefined);
    return ends.length === 0 ? undefined : Math.min(...ends);
  }

  /** Ends the procedures due by `atMs`, in time order, each with its `!DONE` line. */
  private finishProcedures(atMs: number): void {
    const s = this.state;
    for (;;) {
      const fill = s.procedure !== null && s.procedure.endsAtMs <= atMs ? s.procedure : undefined;
      const bolus = s.bolus !== null && s.bolus.endsAtMs <= atMs ? s.bolus : undefined;
      if (fill === undefined && bolus === undefined) return;
      if (fill !== undefined && (bolus === undefined || fill.endsAtMs <= bolus.endsAtMs)) {
        s.procedure = null;
        this.sendDone(fill.kind, fill.endsAtMs, fill.volumeNl);
      } else if (bolus !== undefined) {
        s.bolus = null;
        this.sendDone('BOLUS', bolus.endsAtMs, bolus.volumeNl);
      }
      this.evaluate(atMs);
      this.ctx.markDirty();
    }
  }

  private sendDone(proc: 'FILL' | 'DRAIN' | 'BOLUS', atMs: number, volumeNl: number): void {
    this.ctx.send(appendCrc(`!DONE proc=${proc},atMs=${atMs},volMl=${mlText(volumeNl)}`), 'unsolicited');
  }

  private minutesMs(minutes: number): number {
    return Math.round(minutes * MS_PER_MINUTE);
  }

  // ---- alarms ---------------------------------------------------------------------------

  private isActive(code: number): boolean {
    return this.state.alarms.some((a) => a.code === code);
  }

  private raise(code: number, atMs: number): void {
    if (this.isActive(code)) return;
    const def = ALARM_BY_CODE.get(code);
    if (def === undefined) return;
    this.state.alarms.push({ code, acked: false, raisedAtMs: atMs });
    this.state.alarms.sort((a, b) => a.code - b.code);
    this.ctx.log.append(atMs, LOG_EVENTS.alarmRaised, code);
    this.ctx.send(appendCrc(`!ALARM ${code},${def.severity},"${def.text}"`), 'unsolicited');
    this.ctx.markDirty();
  }

  private clear(code: number, atMs: number): void {
    if (!this.isActive(code)) return;
    this.state.alarms = this.state.alarms.filter((a) => a.code !== code);
    this.ctx.log.append(atMs, LOG_EVENTS.alarmCleared, code);
    this.ctx.markDirty();
  }

  private setAlarm(code: number, condition: boolean, atMs: number): void {
    if (condition) this.raise(code, atMs);
    else this.clear(code, atMs);
  }

  /** Recomputes condition alarms and logs a state change; cheap enough for every tick. */
  private evaluate(atMs: number): void {
    const s = this.state;
    const plant = this.options.plant;
    const filled = s.infusate !== null;
    this.setAlarm(ALARMS.lowReservoir.code, filled && s.volumeNl < this.lowNl, atMs);
    this.setAlarm(ALARMS.depleted.code, filled && s.volumeNl <= this.dryNl, atMs);
    this.setAlarm(ALARMS.occlusion.code, plant.occlusionActive && plant.occlusionFraction >= 0.5, atMs);
    this.setAlarm(ALARMS.leak.code, plant.leakActive && plant.leakMlPerDay > 0 && filled, atMs);
    const temp = this.ctx.sensors.reservoirTempC();
    const sensorsOk = this.ctx.sensors.volumeSensorOk() && temp.ok;
    this.setAlarm(ALARMS.sensorFailure.code, !sensorsOk, atMs);
    // An unreadable thermometer says nothing about the temperature: keep 209 as it was.
    if (temp.ok) this.setAlarm(ALARMS.temperature.code, temp.value > 38.9 || temp.value < 35, atMs);
    const state = this.pumpState();
    if (state !== s.loggedState) {
      s.loggedState = state;
      this.ctx.log.append(atMs, LOG_EVENTS.stateChange, PUMP_STATES.indexOf(state));
      this.ctx.markDirty();
    }
  }

  // ---- telemetry ------------------------------------------------------------------------

  private setTelemetry(periodS: number, nowMs: number): void {
    this.telemetryPeriodS = periodS;
    this.telemetryNextMs = periodS > 0 ? nowMs + periodS * 1000 : undefined;
  }

  private sendTelemetry(atMs: number): void {
    const s = this.state;
    // Side-port boluses never pass through the reservoir: PROTOCOL.md keeps them out of delivered.
    const deliveredNl = s.totals.deliveredNl;
    this.ctx.send(
      appendCrc(
        `!TEL atMs=${atMs},volMl=${mlText(s.volumeNl)},deliveredMl=${mlText(deliveredNl)},` +
          `flowMlPerDay=${formatFlowMlPerDay(this.reservoir.flowMlPerDay())},state=${this.pumpState()}`,
      ),
      'unsolicited',
    );
  }

  // ---- replies --------------------------------------------------------------------------

  private reply(outcome: Outcome, crc: boolean): void {
    let line: string;
    switch (outcome.kind) {
      case 'ok':
        line = formatOk({ crc });
        break;
      case 'value':
        line = formatValue(outcome.text, { crc });
        break;
      case 'error':
        this.errors.push(outcome.error);
        line = formatErrorReply(outcome.error, { crc });
        break;
    }
    this.ctx.send(line, 'reply');
  }

  private afterReply(request: HaiRequest): void {
    if (request.kind === 'simFault' && request.fault === 'BROWNOUT') {
      this.resetRequested = true;
      this.ctx.requestReset('BROWNOUT');
    }
    if (request.kind === 'simFault' && request.fault === 'MUTE' && this.ctx.sim !== undefined) {
      // Muted from after its own OK, so the host learns that the fault took.
      this.ctx.sim.link.muteUntilMs = this.ctx.nowMs() + Math.round((request.param ?? 10) * 1000);
    }
  }

  // ---- commands -------------------------------------------------------------------------

  /** Applies `change`, commits to NVM, and undoes it if the commit failed (-200). */
  private transact(change: () => Outcome): Outcome {
    const before = structuredClone(this.state);
    const logBefore = this.ctx.log.snapshot();
    const outcome = change();
    if (outcome.kind === 'error') return outcome;
    this.evaluate(this.ctx.nowMs());
    if (this.ctx.commit()) return outcome;
    Object.assign(this.state, before);
    this.ctx.log.restore(logBefore);
    this.reservoir.reanchor();
    return fail('executionError', 'NVM write failed');
  }

  private unackedHigh(): boolean {
    return this.state.alarms.some((a) => !a.acked && isHigh(a.code));
  }

  private execute(request: HaiRequest): Outcome {
    if (isSimRequest(request)) return handleSimRequest(this.simTarget, request);
    const s = this.state;
    const profile = this.options.profile;
    const now = this.ctx.nowMs();
    switch (request.kind) {
      case 'idn':
        return value(`HAIPUMP,HAI-${Math.round(profile.reservoirMl)},${this.options.serial},${HAI_FIRMWARE_VERSION}`);
      case 'reset':
        this.setTelemetry(0, now);
        this.ctx.log.append(now, LOG_EVENTS.reset, 0);
        this.ctx.markDirty();
        return ok;
      case 'clearStatus':
        this.errors.clear();
        return ok;
      case 'selfTest': {
        let bits = 0;
        // Lost NVM data fails the test until the operator has acknowledged 208, like a write that fails now.
        if (!this.ctx.nvmHealthy() || this.isActive(ALARMS.nvmCorrupt.code)) bits |= SELF_TEST_BITS.nvm;
        if (!this.ctx.sensors.volumeSensorOk()) bits |= SELF_TEST_BITS.volumeSensor;
        return value(String(bits));
      }
      case 'errorQuery': {
        const e = this.errors.pop();
        return value(`${e.code},"${e.message.replace(/"/g, '""')}"`);
      }
      case 'versionQuery':
        return value(SCPI_VERSION);
      case 'timeQuery':
        return value(String(now));
      case 'stateQuery':
        return value(this.pumpState());
      case 'volumeQuery':
        if (!this.ctx.sensors.volumeSensorOk()) return fail('sensorFault');
        return value(mlText(s.volumeNl));
      case 'deliveredQuery':
        return value(mlText(s.totals.deliveredNl));
      case 'flowQuery':
        return value(formatFlowMlPerDay(this.reservoir.flowMlPerDay()));
      case 'nominalQuery':
        return value(formatFlowMlPerDay(profile.nominalRateMlPerDay));
      case 'capacityQuery':
        return value(formatVolumeMl(profile.reservoirMl));
      case 'infusateQuery':
        return value(s.infusate === null ? 'NONE' : s.infusate.toUpperCase());
      case 'fill':
        return this.transact(() => this.fill(request.infusate, request.volumeMl, now));
      case 'drain':
        return this.transact(() => this.drain(now));
      case 'bolus':
        return this.transact(() => this.bolus(request.volumeMl, now));
      case 'alarmList':
        return value(
          s.alarms.length === 0
            ? 'NONE'
            : s.alarms.map((a) => `${a.code}:${ALARM_BY_CODE.get(a.code)?.severity ?? 'LOW'}:${a.acked ? 1 : 0}`).join(';'),
        );
      case 'alarmAck':
        return this.transact(() => this.acknowledge(request.target, now));
      case 'logCount':
        return value(String(this.ctx.log.count));
      case 'logRead': {
        const r = this.ctx.log.at(request.index);
        if (r === undefined) return fail('dataOutOfRange', `index ${request.index} >= count ${this.ctx.log.count}`);
        return value(`${r.seq},${r.atMs},${r.code},${formatFixed(r.value, 4)}`);
      }
      case 'telemetryPeriod':
        this.setTelemetry(request.periodS, now);
        return ok;
      case 'telemetryPeriodQuery':
        return value(String(this.telemetryPeriodS));
      default:
        request satisfies never;
        return fail('undefinedHeader');
    }
  }

  private fill(infusate: NonNullable<HaiState['infusate']>, volumeMl: number, now: number): Outcome {
    const s = this.state;
    const profile = this.options.profile;
    if (this.unackedHigh()) return fail('alarmNotAcknowledged');
    if (s.procedure !== null) return fail('procedureInProgress', s.procedure.kind);
    const base = this.baseState();
    if (base !== 'EMPTY' && base !== 'DRAINED') return fail('notDrained');
    const addNl = Math.round(volumeMl * NL_PER_ML);
    if (addNl <= 0) return fail('dataOutOfRange', 'volumeMl rounds to 0 nL');
    // Refused whole: nothing is applied when residual + fill exceeds the reservoir.
    if (s.volumeNl + addNl > Math.round(profile.reservoirMl * NL_PER_ML)) return fail('overCapacity');
    s.volumeNl += addNl;
    s.infusate = infusate;
    s.drained = false;
    s.totals.filledNl += addNl;
    s.lastFill = { atMs: now, volumeNl: s.volumeNl, deliveredNlAtFill: s.totals.deliveredNl + s.totals.leakedNl };
    s.expectedNl = s.volumeNl;
    // The needle procedure takes its time; the volume is in, and flowing, from its start (as the model has it).
    s.procedure = { kind: 'FILL', startedAtMs: now, endsAtMs: now + this.minutesMs(profile.fillDurationMin), volumeNl: addNl };
    this.clear(ALARMS.flowOutOfTolerance.code, now);
    this.ctx.log.append(now, LOG_EVENTS.fill, addNl / NL_PER_ML);
    this.reservoir.reanchor();
    return ok;
  }

  private drain(now: number): Outcome {
    const s = this.state;
    const profile = this.options.profile;
    if (this.unackedHigh()) return fail('alarmNotAcknowledged');
    if (s.procedure !== null) return fail('procedureInProgress', s.procedure.kind);
    const residualNl = Math.round(profile.residualAfterDrainMl * NL_PER_ML);
    const returnedNl = Math.max(0, s.volumeNl - residualNl);
    this.checkMeasuredFlow(now);
    s.volumeNl -= returnedNl;
    s.totals.drainedNl += returnedNl;
    s.infusate = null;
    s.drained = true;
    s.expectedNl = s.volumeNl;
    s.procedure = { kind: 'DRAIN', startedAtMs: now, endsAtMs: now + this.minutesMs(profile.drainDurationMin), volumeNl: returnedNl };
    this.ctx.log.append(now, LOG_EVENTS.drain, returnedNl / NL_PER_ML);
    this.reservoir.reanchor();
    return value(mlText(returnedNl));
  }

  /**
   * Safety requirement 6: the volume that left since the fill against what the firmware's own
   * flow model expected under the conditions its sensors measured (temperature, pressures,
   * infusate, taper, age), not against the nominal flow: a fever speeds the pump up as expected
   * and is no deviation; an occlusion or a leak the firmware cannot see is one.
   */
  private checkMeasuredFlow(now: number): void {
    const s = this.state;
    const fill = s.lastFill;
    if (fill === null || s.infusate === null || now <= fill.atMs) return;
    // A pump that ran dry delivered less than its flow: the returned volume says nothing about the rate.
    if (s.volumeNl <= this.dryNl) return;
    const goneNl = fill.volumeNl - s.volumeNl;
    const expectedGoneNl = fill.volumeNl - s.expectedNl;
    if (expectedGoneNl <= 0) return;
    if (Math.abs(goneNl - expectedGoneNl) / expectedGoneNl > this.options.profile.flowDeviation.flagFraction) {
      this.raise(ALARMS.flowOutOfTolerance.code, now);
    }
  }

  private bolus(volumeMl: number, now: number): Outcome {
    const s = this.state;
    const { bolus } = this.options.profile;
    if (s.alarms.length > 0) return fail('bolusRefused');
    if (s.procedure !== null) return fail('procedureInProgress', s.procedure.kind);
    if (s.bolus !== null) return fail('procedureInProgress', 'BOLUS');
    const base = this.pumpState();
    if (base === 'EMPTY' || base === 'DRAINED' || base === 'FAULT') return fail('invalidInState');
    if (volumeMl > bolus.maxVolumeMl) return fail('dataOutOfRange', `volumeMl <= ${bolus.maxVolumeMl}`);
    const nl = Math.round(volumeMl * NL_PER_ML);
    s.totals.bolusNl += nl;
    s.bolus = { startedAtMs: now, endsAtMs: now + this.minutesMs(volumeMl / bolus.rateMlPerMin), volumeNl: nl };
    this.ctx.log.append(now, LOG_EVENTS.bolus, nl / NL_PER_ML);
    return ok;
  }

  private acknowledge(target: number | 'ALL', now: number): Outcome {
    const targets = target === 'ALL' ? this.state.alarms.map((a) => a.code) : [target];
    if (target !== 'ALL' && !this.isActive(target)) return fail('noSuchAlarm');
    for (const code of targets) {
      const alarm = this.state.alarms.find((a) => a.code === code);
      if (alarm === undefined) continue;
      if (!alarm.acked) {
        alarm.acked = true;
        this.ctx.log.append(now, LOG_EVENTS.alarmAcknowledged, code);
      }
      if (CLEARED_BY_ACK.has(code)) this.clear(code, now);
    }
    this.ctx.markDirty();
    return ok;
  }
}
