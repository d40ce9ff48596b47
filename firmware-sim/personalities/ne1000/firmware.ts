// The NE-1000 application firmware (one boot's RAM): the "pump network" RS-232 protocol of
// shared/reference/benchtop-protocols.md, quirks included. Either framing is accepted at any
// time; every reply goes out in the framing of the mode the pump is in after the command.
import {
  NE_PACKET_TIMEOUT_MS,
  NePumpSideDeframer,
  encodeBasicReply,
  encodeSafePacket,
  formatNeDiameterData,
  formatNeDispensedData,
  formatNeRateData,
  formatNeReply,
  formatNeVersionData,
  formatNeVolumeData,
  normalizeNeCommand,
  parseNeCommand,
  rateLimitsMlPerMin,
  rateToMlPerMin,
  volumeToMl,
} from '../../../protocols/newera/index.ts';
import type { LinearSpeedLimits, NeAlarm, NeBaudRate, NeCommand, NeReplyError, NeStatus } from '../../../protocols/newera/index.ts';
import type { AppContext, BootInfo, PersonalityInstance } from '../../app/personality.ts';
import { NL_PER_ML, Plunger } from './plunger.ts';
import { blankNe1000State, volumeUnitsForDiameter, type Ne1000State } from './state.ts';

export interface Ne1000FirmwareOptions {
  /** Raw bytes to the UART (the app's `send` is line-oriented; NE frames end in ETX). */
  tx(bytes: Uint8Array): void;
  /** Time of the serial line (clock ms, never scaled by --speed): the 0.5 s packet and SAF
   * timeouts are the link's, and a compressed world must not make a host miss them. */
  linkNowMs(): number;
  /** Switches the UART's baud rate (`*ADR n B baud`). */
  setBaud(baud: NeBaudRate): void;
  /** Plunger speed limits of this pump model (hardware/pump-models.json). */
  limits: LinearSpeedLimits & { readonly diameterRangeMm?: { readonly min: number; readonly max: number } };
  /** VER reply data, e.g. { model: 'NE1000', firmware: '3.928' }. */
  version: { model: string; firmware: string };
  /** Keypad setup at power-up, overriding NVM when given. */
  address?: number;
  baud?: NeBaudRate;
  diameterMm?: number;
  /** Hands the booted firmware to the launcher (fault injection from tests and the CLI). */
  onBoot?(firmware: Ne1000Firmware): void;
}

type Framing = 'basic' | 'safe';
type Outcome = { error?: NeReplyError; data?: string };
const OK: Outcome = {};

/** Phase of the pumping program. */
type RunPhase = 'stopped' | 'running' | 'paused' | 'purging';

export class Ne1000Firmware implements PersonalityInstance<Ne1000State> {
  readonly state: Ne1000State;
  private readonly plunger: Plunger;
  private readonly deframer = new NePumpSideDeframer({ interByteTimeoutMs: NE_PACKET_TIMEOUT_MS });
  /** Power-up alarm R is pending at every boot [M]. */
  private alarm: NeAlarm | undefined = 'R';
  private phase: RunPhase = 'stopped';
  /** The rate in force: equals the stored rate unless changed while running (RAM only [M]). */
  private runRate: number;
  /** Remaining target of a paused program (nL), undefined = continuous. */
  private pausedTargetNl: number | undefined;
  private safDeadlineLinkMs = Infinity;
  private stallArmed = false;

  constructor(
    private readonly ctx: AppContext,
    restored: Ne1000State | undefined,
    info: BootInfo,
    private readonly options: Ne1000FirmwareOptions,
  ) {
    this.state = restored ?? blankNe1000State();
    if (options.address !== undefined) this.state.address = options.address;
    if (options.baud !== undefined) this.state.baud = options.baud;
    if (options.diameterMm !== undefined && options.diameterMm !== this.state.diameterMm) {
      this.state.diameterMm = options.diameterMm;
      this.state.volumeUnits = volumeUnitsForDiameter(options.diameterMm);
    }
    this.runRate = this.state.rate;
    this.plunger = new Plunger(this.state);
    this.armSafDeadline();
    ctx.log.append(info.atMs, 1, 0);
    ctx.markDirty();
    options.onBoot?.(this);
  }

  // ---- loop interface -------------------------------------------------------------------

  receive(bytes: Uint8Array): void {
    for (const event of this.deframer.push(bytes, this.options.linkNowMs())) {
      if (event.type === 'bad') {
        if (event.comWorthy) this.reply(this.framing(), { error: '?COM' });
        continue;
      }
      this.handle(event.text);
    }
  }

  advanceTo(nowMs: number): void {
    if (this.stallArmed && (this.phase === 'running' || this.phase === 'purging')) this.stall(nowMs);
    if (this.plunger.advanceTo(nowMs)) {
      // Target volume dispensed: the program ends [M].
      this.phase = 'stopped';
      this.pausedTargetNl = undefined;
      this.ctx.markDirty();
    }
    if (this.state.safeTimeoutS > 0 && this.alarm === undefined && this.options.linkNowMs() > this.safDeadlineLinkMs) {
      this.safDeadlineLinkMs = Infinity;
      this.raiseAlarm('T', nowMs);
    }
  }

  nextWakeMs(): number | undefined {
    const now = this.ctx.nowMs();
    const speed = this.ctx.sim?.world.speed ?? 1;
    const wakes: number[] = [];
    const target = this.plunger.targetAtMs();
    if (target !== undefined) wakes.push(target);
    if (this.stallArmed && this.phase !== 'stopped') wakes.push(now);
    if (this.safDeadlineLinkMs !== Infinity && speed > 0) {
      // A link (clock) delay expressed in device ms, one ms late so the deadline has passed.
      wakes.push(now + Math.ceil((this.safDeadlineLinkMs - this.options.linkNowMs() + 1) * speed));
    }
    return wakes.length === 0 ? undefined : Math.min(...wakes);
  }

  persistentState(): Ne1000State {
    this.plunger.advanceTo(this.ctx.nowMs());
    return structuredClone(this.state);
  }

  digest(): string {
    return JSON.stringify({ state: this.state, alarm: this.alarm ?? null, phase: this.phase, runRate: this.runRate });
  }

  // ---- fault injection -------------------------------------------------------------------

  /** The motor stalls (alarm S) as soon as it runs: now if running, else after the next RUN. */
  injectStall(): void {
    // The stall is noticed on the next loop pass, after any reply in progress has gone out.
    this.stallArmed = true;
  }

  get pendingAlarm(): NeAlarm | undefined {
    return this.alarm;
  }

  // ---- protocol --------------------------------------------------------------------------

  private framing(): Framing {
    return this.state.safeTimeoutS > 0 ? 'safe' : 'basic';
  }

  private status(): NeStatus {
    if (this.phase === 'purging') return 'X';
    if (this.phase === 'paused') return 'P';
    if (this.phase === 'running') return this.plunger.direction === 'withdraw' ? 'W' : 'I';
    return 'S';
  }

  private send(framing: Framing, text: string): void {
    this.options.tx(framing === 'safe' ? encodeSafePacket(text) : encodeBasicReply(text));
  }

  private reply(framing: Framing, outcome: Outcome): void {
    const text = formatNeReply({ kind: 'status', address: this.state.address, status: this.status(), data: outcome.data ?? '', ...(outcome.error === undefined ? {} : { error: outcome.error }) });
    this.send(framing, text);
  }

  private armSafDeadline(): void {
    this.safDeadlineLinkMs = this.state.safeTimeoutS > 0 ? this.options.linkNowMs() + this.state.safeTimeoutS * 1000 : Infinity;
  }

  private raiseAlarm(alarm: NeAlarm, nowMs: number): void {
    this.plunger.stop(nowMs);
    this.phase = 'stopped';
    this.pausedTargetNl = undefined;
    this.alarm = alarm;
    this.ctx.log.append(nowMs, 2, alarm.charCodeAt(0));
    this.ctx.markDirty();
    // In safe mode the pump reports an alarm by itself [M].
    if (this.framing() === 'safe') this.send('safe', formatNeReply({ kind: 'alarm', address: this.state.address, alarm }));
  }

  private stall(nowMs: number): void {
    this.stallArmed = false;
    this.raiseAlarm('S', nowMs);
  }

  private handle(text: string): void {
    const now = this.ctx.nowMs();
    this.plunger.advanceTo(now);
    if (this.simBackdoor(text)) return;
    const parsed = parseNeCommand(text);
    const address = parsed.ok ? parsed.request.address : parsed.address;
    // Another pump's command (or a bad address): not ours, no reply on a shared line.
    if (!parsed.ok && parsed.error === 'bad-address') return;
    if (address !== 'all' && address !== this.state.address) return;
    this.armSafDeadline();
    if (this.alarm !== undefined) {
      // Any alarm is acknowledged by answering it; the command is not executed [M].
      const alarm = this.alarm;
      this.alarm = undefined;
      this.send(this.framing(), formatNeReply({ kind: 'alarm', address: this.state.address, alarm }));
      return;
    }
    if (!parsed.ok) {
      this.reply(this.framing(), { error: parsed.error === 'out-of-range' ? '?OOR' : '?' });
      return;
    }
    const command = parsed.request.command;
    if (command.cmd === 'ADR') {
      this.state.address = command.address;
      if (command.baud !== undefined) {
        this.state.baud = command.baud;
        // The reply and everything after go at the new baud [M].
        this.options.setBaud(command.baud);
      }
      this.ctx.commit();
      this.reply(this.framing(), OK);
      return;
    }
    const outcome = this.execute(command, now);
    this.ctx.commit();
    this.reply(this.framing(), outcome);
    if (command.cmd === 'RESET') this.ctx.requestReset('COMMAND');
  }

  /** Emulator-only commands (`SIM:STALL`); a real pump answers them `?`. */
  private simBackdoor(text: string): boolean {
    if (this.ctx.sim === undefined) return false;
    const normalized = normalizeNeCommand(text).replace(/^\d{0,2}/, '');
    if (!normalized.startsWith('SIM:')) return false;
    if (normalized === 'SIM:STALL') {
      this.injectStall();
      this.reply(this.framing(), OK);
    } else {
      this.reply(this.framing(), { error: '?' });
    }
    return true;
  }

  private rateMlPerMin(rate: number, units = this.state.rateUnits): number {
    return rateToMlPerMin(rate, units);
  }

  private inRange(mlPerMin: number): boolean {
    const { minMlPerMin, maxMlPerMin } = rateLimitsMlPerMin(this.state.diameterMm, this.options.limits);
    // Compare with a relative tolerance: the limit printed in the 4-digit format may round.
    return mlPerMin >= minMlPerMin * (1 - 1e-6) && mlPerMin <= maxMlPerMin * (1 + 1e-6);
  }

  private busy(): boolean {
    return this.phase !== 'stopped';
  }

  private execute(c: NeCommand, now: number): Outcome {
    const s = this.state;
    switch (c.cmd) {
      case 'STATUS':
      case 'RESET':
        return OK;
      case 'VER':
        return { data: formatNeVersionData(this.options.version) };
      case 'DIA': {
        if (c.diameterMm === undefined) return { data: formatNeDiameterData(s.diameterMm) };
        if (this.busy()) return { error: '?NA' };
        const range = this.options.limits.diameterRangeMm;
        if (c.diameterMm <= 0 || (range !== undefined && (c.diameterMm < range.min || c.diameterMm > range.max))) return { error: '?OOR' };
        s.diameterMm = c.diameterMm;
        s.volumeUnits = volumeUnitsForDiameter(c.diameterMm);
        this.ctx.markDirty();
        return OK;
      }
      case 'RAT': {
        if (c.rate === undefined) return { data: formatNeRateData(this.runRate, s.rateUnits) };
        const units = c.units ?? s.rateUnits;
        // Units may not change while running [M].
        if (this.busy() && units !== s.rateUnits) return { error: '?NA' };
        if (!this.inRange(this.rateMlPerMin(c.rate, units))) return { error: '?OOR' };
        this.runRate = c.rate;
        if (this.phase === 'running') {
          // Kept in RAM only: a rate changed while running is not saved [M].
          this.plunger.setRate(this.rateMlPerMin(c.rate) * NL_PER_ML, now);
          return OK;
        }
        s.rate = c.rate;
        s.rateUnits = units;
        this.ctx.markDirty();
        return OK;
      }
      case 'VOL': {
        if (c.volume === undefined && c.units === undefined) return { data: formatNeVolumeData(s.volume, s.volumeUnits) };
        if (this.busy()) return { error: '?NA' };
        if (c.units !== undefined) s.volumeUnits = c.units;
        if (c.volume !== undefined) s.volume = c.volume;
        this.ctx.markDirty();
        return OK;
      }
      case 'DIR': {
        if (c.direction === undefined) return { data: this.plunger.direction === undefined ? s.direction : this.plunger.direction === 'infuse' ? 'INF' : 'WDR' };
        // [?] STK (sticky direction of a phase) is accepted and has no effect here.
        if (c.direction === 'STK') return OK;
        const next = c.direction === 'REV' ? (s.direction === 'INF' ? 'WDR' : 'INF') : c.direction;
        // Direction may change while running only in continuous mode [M].
        if (this.busy() && s.volume !== 0) return { error: '?NA' };
        s.direction = next;
        if (this.phase === 'running') this.plunger.start(next === 'INF' ? 'infuse' : 'withdraw', this.plunger.nlPerMin, now);
        this.ctx.markDirty();
        return OK;
      }
      case 'RUN':
        return this.run(now);
      case 'PUR': {
        if (this.phase === 'running') return { error: '?NA' };
        const { maxMlPerMin } = rateLimitsMlPerMin(s.diameterMm, this.options.limits);
        this.plunger.start(s.direction === 'INF' ? 'infuse' : 'withdraw', maxMlPerMin * NL_PER_ML, now);
        this.phase = 'purging';
        return OK;
      }
      case 'STP':
        // First STP pauses, a second stops [M; ?]. A purge stops at once [?].
        if (this.phase === 'running') {
          this.pausedTargetNl = this.remainingTargetNl();
          this.plunger.stop(now);
          this.phase = 'paused';
        } else {
          this.plunger.stop(now);
          this.phase = 'stopped';
          this.pausedTargetNl = undefined;
          this.runRate = s.rate;
        }
        this.ctx.markDirty();
        return OK;
      case 'DIS': {
        const inUnits = (nl: number): number => Math.min(9999, (nl / NL_PER_ML) * (s.volumeUnits === 'UL' ? 1000 : 1));
        return { data: formatNeDispensedData(inUnits(s.infusedNl), inUnits(s.withdrawnNl), s.volumeUnits) };
      }
      case 'CLD':
        this.plunger.clear(c.direction === 'INF' ? 'infuse' : 'withdraw', now);
        this.ctx.markDirty();
        return OK;
      case 'SAF':
        if (c.timeoutS === undefined) return { data: String(s.safeTimeoutS) };
        s.safeTimeoutS = c.timeoutS;
        this.armSafDeadline();
        this.ctx.markDirty();
        return OK;
      case 'PHN':
        // [?] Single-phase programs only: phase 1 is the one that runs.
        return c.phase === undefined ? { data: '01' } : OK;
      case 'FUN':
        return c.func === undefined ? { data: 'RAT' } : OK;
      case 'ADR':
        return OK;
    }
  }

  private remainingTargetNl(): number | undefined {
    if (this.targetTotal === undefined) return undefined;
    return Math.max(0, this.targetTotal - this.plunger.total(this.plunger.direction ?? 'infuse'));
  }

  /** Total (in the running direction) at which the current program stops. */
  private targetTotal: number | undefined;

  private run(now: number): Outcome {
    const s = this.state;
    if (this.phase === 'running' || this.phase === 'purging') return OK;
    const mlPerMin = this.rateMlPerMin(this.runRate);
    if (!this.inRange(mlPerMin)) return { error: '?OOR' };
    const direction = s.direction === 'INF' ? 'infuse' : 'withdraw';
    let remainingNl: number | undefined;
    if (this.phase === 'paused') remainingNl = this.pausedTargetNl;
    else if (s.volume > 0) remainingNl = Math.round(volumeToMl(s.volume, s.volumeUnits) * NL_PER_ML);
    this.targetTotal = remainingNl === undefined ? undefined : this.plunger.total(direction) + remainingNl;
    this.plunger.start(direction, mlPerMin * NL_PER_ML, now, this.targetTotal);
    this.phase = 'running';
    this.pausedTargetNl = undefined;
    return OK;
  }
}
