// The NE-1000 application firmware (one boot's RAM): the RS-232 protocol of the NE-1000 user
// manual (publication 1200-01, chapter 10), the 41-phase Pumping Program, safe mode and the
// Network Command Burst. Every time here is device time (`ctx.nowMs()`): the 0.5 s packet
// limit, the SAF timeout, the plunger and the program all run in it, so `--speed max` and
// SIM:TIME:ADV move them exactly. Page references and readings of our own: CONFORMANCE.md.
import {
  NE_PACKET_TIMEOUT_MS,
  NePumpSideDeframer,
  encodeBasicReply,
  encodeSafePacket,
  formatNeDiameterData,
  formatNeDispensedData,
  formatNePhaseFunction,
  formatNeRateData,
  formatNeReply,
  formatNeVersionData,
  formatNeVolumeData,
  parseNeBurst,
  parseNeCommand,
  rateLimitsMlPerMin,
  rateToMlPerMin,
  volumeToMl,
} from '../../../protocols/newera/index.ts';
import type {
  LinearSpeedLimits,
  NeAlarm,
  NeBaudRate,
  NeCommand,
  NeParseResult,
  NeReplyError,
  NeStatus,
} from '../../../protocols/newera/index.ts';
import type { AppContext, BootInfo, PersonalityInstance } from '../../app/personality.ts';
import { NL_PER_ML, Plunger, type PlungerDirection } from './plunger.ts';
import { nextStep, startCursor, type ProgramCursor } from './program.ts';
import { blankNe1000State, clearedProgram, volumeUnitsForDiameter, type Ne1000State, type Phase } from './state.ts';

export interface Ne1000FirmwareOptions {
  /** Raw bytes to the UART (the app's `send` is line-oriented; NE frames end in ETX). */
  tx(bytes: Uint8Array): void;
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
const NA: Outcome = { error: '?NA' };
const OOR: Outcome = { error: '?OOR' };

/** Phase functions the emulator does not run: they need the TTL I/O connector (IF, EVN, EVS,
 * EVR, PRI, PRL) or their exact behaviour is not in the RS-232 chapter (FIL). A real pump
 * accepts them; the emulator answers `?NA` ("not currently applicable") instead of storing a
 * program it would then run wrongly. */
const UNSUPPORTED_FUNCTIONS = new Set(['FIL', 'PRI', 'PRL', 'IF', 'EVN', 'EVS', 'EVR']);

type Mode = 'stopped' | 'running' | 'paused' | 'purging';

/** What the running program is doing now: pumping a phase, or pausing in one. */
type Segment =
  | {
      kind: 'pump';
      phase: number;
      direction: 'INF' | 'WDR';
      rate: number;
      rateUnits: Phase['rateUnits'];
      volumeMl: number;
      targetTotalNl: number | undefined;
      endsAtMs: number | undefined;
    }
  | { kind: 'pause'; phase: number; endsAtMs: number };

/** A paused segment's remainder, so RUN resumes it: the target volume or pause time left. */
type Held =
  | { kind: 'pump'; segment: Extract<Segment, { kind: 'pump' }>; remainingNl: number | undefined }
  | { kind: 'pause'; phase: number; remainingMs: number };

const plungerDirection = (d: 'INF' | 'WDR'): PlungerDirection => (d === 'INF' ? 'infuse' : 'withdraw');
const two = (n: number): string => String(n).padStart(2, '0');

export class Ne1000Firmware implements PersonalityInstance<Ne1000State> {
  readonly state: Ne1000State;
  private readonly plunger: Plunger;
  private readonly deframer = new NePumpSideDeframer({ interByteTimeoutMs: NE_PACKET_TIMEOUT_MS });
  /** Power-up alarm R is pending at every boot [M p.34]. */
  private alarm: NeAlarm | undefined = 'R';
  private mode: Mode = 'stopped';
  private segment: Segment | undefined;
  private held: Held | undefined;
  private cursor: ProgramCursor = startCursor(1);
  /** Device time the SAF timeout expires; Infinity while the timer is not running [M p.34]. */
  private safDeadlineMs = Infinity;
  private stallArmed = false;
  private buzzerLevel: 0 | 1 = 0;
  private outputLevel: 0 | 1 = 0;

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
    this.plunger = new Plunger(this.state);
    ctx.log.append(info.atMs, 1, 0);
    ctx.markDirty();
    // In safe mode the reset alarm goes out by itself at power-up, and the SAF timer waits for
    // the first valid packet; sending it does not clear the alarm [M p.34, p.36].
    if (this.framing() === 'safe') this.sendAlarm('safe', 'R');
    options.onBoot?.(this);
  }

  // ---- loop interface -------------------------------------------------------------------

  receive(bytes: Uint8Array): void {
    for (const event of this.deframer.push(bytes, this.ctx.nowMs())) {
      if (event.type === 'bad') {
        if (event.comWorthy) this.reply(this.framing(), { error: '?COM' });
        continue;
      }
      this.handle(event.text);
    }
  }

  advanceTo(nowMs: number): void {
    if (this.stallArmed && this.moving()) {
      this.stallArmed = false;
      this.raiseAlarm('S', nowMs);
    }
    // Segment ends and the SAF deadline, in time order, each at its own instant.
    for (let guard = 0; guard < 10_000; guard++) {
      const segmentEnd = this.mode === 'running' ? this.segment?.endsAtMs : undefined;
      const next = Math.min(segmentEnd ?? Infinity, this.safDeadlineMs);
      if (next > nowMs) break;
      if (this.safDeadlineMs <= (segmentEnd ?? Infinity)) {
        const at = this.safDeadlineMs;
        this.safDeadlineMs = Infinity;
        if (this.alarm === undefined) this.raiseAlarm('T', at);
        continue;
      }
      this.finishSegment(next);
    }
    this.plunger.advanceTo(nowMs);
  }

  nextWakeMs(): number | undefined {
    const wakes: number[] = [this.safDeadlineMs];
    if (this.mode === 'running' && this.segment?.endsAtMs !== undefined) wakes.push(this.segment.endsAtMs);
    if (this.stallArmed && this.moving()) wakes.push(this.ctx.nowMs());
    const next = Math.min(...wakes);
    return next === Infinity ? undefined : next;
  }

  persistentState(): Ne1000State {
    this.plunger.advanceTo(this.ctx.nowMs());
    return structuredClone(this.state);
  }

  digest(): string {
    return JSON.stringify({
      state: this.state,
      alarm: this.alarm ?? null,
      mode: this.mode,
      segment: this.segment ?? null,
      held: this.held ?? null,
      cursor: this.cursor,
    });
  }

  // ---- fault injection -------------------------------------------------------------------

  /** The motor stalls (alarm S) as soon as it runs: at the next loop pass if running, else
   * after the next RUN. */
  injectStall(): void {
    this.stallArmed = true;
  }

  get pendingAlarm(): NeAlarm | undefined {
    return this.alarm;
  }

  /** Status letter as a reply would carry it (tests and the rig). */
  get statusLetter(): NeStatus {
    return this.status();
  }

  /** Level of the program output pin (`OUT`), 0 or 1. */
  get ttlOutput(): 0 | 1 {
    return this.outputLevel;
  }

  /** The rate the motor runs now in mL/min (0 when it does not run). */
  get runningMlPerMin(): number {
    return this.moving() ? this.plunger.nlPerMin / NL_PER_ML : 0;
  }

  // ---- framing and replies ---------------------------------------------------------------

  private framing(): Framing {
    return this.state.safeTimeoutS > 0 ? 'safe' : 'basic';
  }

  private status(): NeStatus {
    if (this.mode === 'purging') return 'X';
    if (this.mode === 'paused') return 'P';
    if (this.mode === 'running') {
      if (this.segment?.kind === 'pause') return 'T';
      return this.segment?.direction === 'WDR' ? 'W' : 'I';
    }
    return 'S';
  }

  private moving(): boolean {
    return this.mode === 'purging' || (this.mode === 'running' && this.segment?.kind === 'pump');
  }

  private send(framing: Framing, text: string): void {
    this.options.tx(framing === 'safe' ? encodeSafePacket(text) : encodeBasicReply(text));
  }

  private reply(framing: Framing, outcome: Outcome): void {
    const text = formatNeReply({
      kind: 'status',
      address: this.state.address,
      status: this.status(),
      data: outcome.data ?? '',
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    });
    this.send(framing, text);
  }

  private sendAlarm(framing: Framing, alarm: NeAlarm): void {
    this.send(framing, formatNeReply({ kind: 'alarm', address: this.state.address, alarm }));
  }

  /**
   * The framing of the reply to `command`: the mode the pump is in after it, except that a SAF
   * set is answered in the framing of the mode it selects even when the pending alarm is what
   * it gets back (then it is not executed). So `SAF10` sent safe-framed right after power-up
   * gets its `00A?R` safe-framed, as a client that asked for safe mode reads it, and the
   * manual's return-to-basic packet `SAF0` is answered in basic framing [M p.33, p.34; C].
   */
  private replyFraming(command: NeCommand | undefined): Framing {
    if (command?.cmd === 'SAF' && command.timeoutS !== undefined) return command.timeoutS > 0 ? 'safe' : 'basic';
    return this.framing();
  }

  // ---- alarms, safe mode -----------------------------------------------------------------

  private armSafTimer(nowMs: number): void {
    this.safDeadlineMs = this.state.safeTimeoutS > 0 ? nowMs + this.state.safeTimeoutS * 1000 : Infinity;
  }

  /** Stops the pump and the program; in safe mode the alarm goes out at once by itself [M p.34]. */
  private raiseAlarm(alarm: NeAlarm, atMs: number): void {
    this.plunger.stop(atMs);
    this.stopProgram();
    if (this.alarm === undefined) this.alarm = alarm;
    this.ctx.log.append(atMs, 2, alarm.charCodeAt(0));
    this.ctx.markDirty();
    if (this.framing() === 'safe') this.sendAlarm('safe', alarm);
  }

  // ---- the Pumping Program ---------------------------------------------------------------

  private stopProgram(): void {
    this.mode = 'stopped';
    this.segment = undefined;
    this.held = undefined;
    this.cursor = startCursor(1);
  }

  private inRange(mlPerMin: number): boolean {
    const { minMlPerMin, maxMlPerMin } = rateLimitsMlPerMin(this.state.diameterMm, this.options.limits);
    // A relative tolerance: the limit printed in the 4-digit format may round.
    return mlPerMin >= minMlPerMin * (1 - 1e-6) && mlPerMin <= maxMlPerMin * (1 + 1e-6);
  }

  /** Runs the program from `cursor.phase` at `atMs`: starts the next pumping or pause phase, or
   * stops, or raises the program's alarm. */
  private runFrom(atMs: number): NeAlarm | undefined {
    const step = nextStep(this.state.program, this.cursor, { volumeUnits: this.state.volumeUnits, inRange: (r) => this.inRange(r) });
    switch (step.kind) {
      case 'pump': {
        const direction = plungerDirection(step.direction);
        const volumeNl = Math.round(step.volumeMl * NL_PER_ML);
        const targetTotalNl = volumeNl > 0 ? this.plunger.total(direction) + volumeNl : undefined;
        this.plunger.start(direction, step.mlPerMin * NL_PER_ML, atMs, targetTotalNl);
        this.segment = {
          kind: 'pump',
          phase: step.phase,
          direction: step.direction,
          rate: step.rate,
          rateUnits: step.rateUnits,
          volumeMl: step.volumeMl,
          targetTotalNl,
          endsAtMs: this.plunger.targetAtMs(),
        };
        this.mode = 'running';
        return undefined;
      }
      case 'pause':
        this.plunger.stop(atMs);
        this.segment = { kind: 'pause', phase: step.phase, endsAtMs: atMs + step.ms };
        this.mode = 'running';
        return undefined;
      case 'stop':
        this.plunger.stop(atMs);
        this.stopProgram();
        this.ctx.markDirty();
        return undefined;
      case 'alarm':
        this.raiseAlarm(step.alarm, atMs);
        return step.alarm;
    }
  }

  private finishSegment(atMs: number): void {
    this.plunger.advanceTo(atMs);
    this.cursor.phase += 1;
    this.runFrom(atMs);
  }

  private pause(nowMs: number): void {
    const seg = this.segment;
    this.plunger.stop(nowMs);
    if (seg?.kind === 'pump') {
      const direction = plungerDirection(seg.direction);
      this.held = {
        kind: 'pump',
        segment: seg,
        remainingNl: seg.targetTotalNl === undefined ? undefined : Math.max(0, seg.targetTotalNl - this.plunger.total(direction)),
      };
    } else if (seg?.kind === 'pause') {
      this.held = { kind: 'pause', phase: seg.phase, remainingMs: Math.max(0, seg.endsAtMs - nowMs) };
    }
    this.segment = undefined;
    this.mode = 'paused';
  }

  private resume(nowMs: number): void {
    const held = this.held;
    this.held = undefined;
    this.mode = 'running';
    if (held === undefined) {
      this.runFrom(nowMs);
      return;
    }
    if (held.kind === 'pause') {
      this.segment = { kind: 'pause', phase: held.phase, endsAtMs: nowMs + held.remainingMs };
      return;
    }
    const seg = held.segment;
    const direction = plungerDirection(seg.direction);
    const targetTotalNl = held.remainingNl === undefined ? undefined : this.plunger.total(direction) + held.remainingNl;
    this.plunger.start(direction, rateToMlPerMin(seg.rate, seg.rateUnits) * NL_PER_ML, nowMs, targetTotalNl);
    this.segment = { ...seg, targetTotalNl, endsAtMs: this.plunger.targetAtMs() };
  }

  // ---- protocol --------------------------------------------------------------------------

  private handle(text: string): void {
    const now = this.ctx.nowMs();
    // Whatever happened up to now (a target reached, a stall) happened before this command.
    this.advanceTo(now);
    const burst = parseNeBurst(text);
    if (burst !== null) {
      // One packet, commands for several pumps: this pump runs the first one addressed to it [M
      // p.35; C: one command per pump per burst].
      const mine = burst.find((s) => s.address === this.state.address);
      if (mine !== undefined) this.handleParsed(parseNeCommand(`${mine.address}${mine.text}`), now);
      return;
    }
    const parsed = parseNeCommand(text);
    // A bad address is nobody's: no reply on a shared line.
    if (!parsed.ok && parsed.error === 'bad-address') return;
    const address = parsed.ok ? parsed.request.address : parsed.address;
    if (address !== 'all' && address !== this.state.address) return;
    this.handleParsed(parsed, now);
  }

  private handleParsed(parsed: NeParseResult, now: number): void {
    const command = parsed.ok ? parsed.request.command : undefined;
    if (command?.cmd === 'SIM') {
      this.sim(command);
      return;
    }
    // A valid packet for this pump restarts the SAF timer [M p.34].
    this.armSafTimer(now);
    if (this.alarm !== undefined) {
      // The alarm is acknowledged by answering it to any valid command, which is not executed
      // [M p.36: "the alarm must be acknowledged before any data is changed or the pump is started"].
      const alarm = this.alarm;
      this.alarm = undefined;
      this.sendAlarm(this.replyFraming(command), alarm);
      return;
    }
    if (!parsed.ok || command === undefined) {
      this.reply(this.framing(), { error: !parsed.ok && parsed.error === 'out-of-range' ? '?OOR' : '?' });
      return;
    }
    if (command.cmd === 'ADR') {
      this.systemAddress(command);
      return;
    }
    const outcome = this.execute(command, now);
    this.ctx.commit();
    if (typeof outcome === 'string') {
      // Starting the program ran straight into its alarm: that alarm is the answer.
      this.alarm = undefined;
      this.sendAlarm(this.replyFraming(command), outcome);
      return;
    }
    this.reply(this.replyFraming(command), outcome);
  }

  /** `*ADR`: query, or set address and baud; the reply and everything after go at the new
   * address and baud, and a baud change stops the SAF timer until the next valid packet [M]. */
  private systemAddress(command: Extract<NeCommand, { cmd: 'ADR' }>): void {
    if (command.mode !== undefined) {
      // Dual and reciprocating modes need a second pump on the secondary port.
      this.reply(this.framing(), NA);
      return;
    }
    if (command.address === undefined) {
      this.reply(this.framing(), { data: String(this.state.address) });
      return;
    }
    this.state.address = command.address;
    if (command.baud !== undefined && command.baud !== this.state.baud) {
      this.state.baud = command.baud;
      this.options.setBaud(command.baud);
      this.safDeadlineMs = Infinity;
    }
    this.ctx.commit();
    this.reply(this.framing(), OK);
  }

  /** Emulator-only commands; a real pump answers them `?` (it does not know them). */
  private sim(command: Extract<NeCommand, { cmd: 'SIM' }>): void {
    const sim = this.ctx.sim;
    if (sim === undefined) {
      this.reply(this.framing(), { error: '?' });
      return;
    }
    switch (command.op) {
      case 'STALL':
        this.injectStall();
        this.reply(this.framing(), OK);
        return;
      case 'TIME?':
        this.reply(this.framing(), { data: String(sim.world.nowMs()) });
        return;
      case 'TIME:ADV':
        sim.world.advance(command.ms ?? 0);
        // What falls due meanwhile (a phase ends, alarm T goes out) happens before the reply.
        this.advanceTo(this.ctx.nowMs());
        this.reply(this.framing(), OK);
        return;
    }
  }

  /** The phase RAT, VOL, DIR and FUN address: the one running, else the one PHN selected. */
  private phaseNumber(): number {
    if (this.mode !== 'running' && this.mode !== 'paused') return this.state.selectedPhase;
    if (this.segment !== undefined) return this.segment.phase;
    if (this.held !== undefined) return this.held.kind === 'pump' ? this.held.segment.phase : this.held.phase;
    return this.cursor.phase;
  }

  private selected(): Phase {
    const p = this.state.program[this.state.selectedPhase - 1];
    if (p === undefined) throw new RangeError(`phase ${this.state.selectedPhase} is not in program memory`);
    return p;
  }

  /** The running (or paused) pumping segment, if the program is in one. */
  private activePump(): Extract<Segment, { kind: 'pump' }> | undefined {
    if (this.segment?.kind === 'pump') return this.segment;
    if (this.held?.kind === 'pump') return this.held.segment;
    return undefined;
  }

  private execute(c: NeCommand, now: number): Outcome | NeAlarm {
    const s = this.state;
    const stopped = this.mode === 'stopped';
    switch (c.cmd) {
      case 'STATUS':
        return OK;
      case 'VER':
        return { data: formatNeVersionData(this.options.version) };
      case 'DIA': {
        if (c.diameterMm === undefined) return { data: formatNeDiameterData(s.diameterMm) };
        // "Set is only valid when the Pumping Program is not operating" [M].
        if (!stopped) return NA;
        const range = this.options.limits.diameterRangeMm;
        if (c.diameterMm <= 0 || (range !== undefined && (c.diameterMm < range.min || c.diameterMm > range.max))) return OOR;
        s.diameterMm = c.diameterMm;
        // Setting the diameter also sets the units of VOL and DIS [M].
        s.volumeUnits = volumeUnitsForDiameter(c.diameterMm);
        this.ctx.markDirty();
        return OK;
      }
      case 'PHN':
        if (c.phase === undefined) return { data: two(this.phaseNumber()) };
        if (!stopped) return NA;
        s.selectedPhase = c.phase;
        this.ctx.markDirty();
        return OK;
      case 'FUN': {
        if (c.fn === undefined) {
          const p = s.program[this.phaseNumber() - 1];
          return { data: p === undefined ? '' : formatNePhaseFunction(p.fn) };
        }
        if (!stopped || UNSUPPORTED_FUNCTIONS.has(c.fn.name)) return NA;
        this.selected().fn = c.fn;
        this.ctx.markDirty();
        return OK;
      }
      case 'RAT':
        return this.rate(c, now);
      case 'VOL': {
        if (c.volume === undefined && c.units === undefined) {
          const active = this.activePump();
          const volume = active === undefined ? this.selected().volume : active.volumeMl / volumeToMl(1, s.volumeUnits);
          return { data: formatNeVolumeData(volume, s.volumeUnits) };
        }
        if (!stopped) return NA;
        if (c.units !== undefined) s.volumeUnits = c.units;
        if (c.volume !== undefined) this.selected().volume = c.volume;
        this.ctx.markDirty();
        return OK;
      }
      case 'DIR':
        return this.direction(c, now);
      case 'RUN':
        if (this.mode === 'running' || this.mode === 'purging') return OK;
        if (this.mode === 'paused') {
          this.resume(now);
          return OK;
        }
        return this.start(c.phase ?? 1, now);
      case 'PUR': {
        if (!stopped) return NA;
        const p = this.state.program[0];
        const direction = plungerDirection(p?.direction === 'WDR' ? 'WDR' : 'INF');
        const { maxMlPerMin } = rateLimitsMlPerMin(s.diameterMm, this.options.limits);
        this.plunger.start(direction, maxMlPerMin * NL_PER_ML, now);
        this.mode = 'purging';
        return OK;
      }
      case 'STP':
        // While pumping the first STP pauses the program; a second (or one while purging) stops it.
        if (this.mode === 'running') this.pause(now);
        else if (this.mode !== 'stopped') {
          this.plunger.stop(now);
          this.stopProgram();
        }
        return OK;
      case 'DIS': {
        const inUnits = (nl: number): number => Math.min(9999, (nl / NL_PER_ML) * (s.volumeUnits === 'UL' ? 1000 : 1));
        return { data: formatNeDispensedData(inUnits(s.infusedNl), inUnits(s.withdrawnNl), s.volumeUnits) };
      }
      case 'CLD':
        this.plunger.clear(plungerDirection(c.direction), now);
        this.refreshTarget();
        this.ctx.markDirty();
        return OK;
      case 'SAF':
        if (c.timeoutS === undefined) return { data: String(s.safeTimeoutS) };
        s.safeTimeoutS = c.timeoutS;
        this.armSafTimer(now);
        this.ctx.markDirty();
        return OK;
      case 'SET':
        if (c.value === undefined) return { data: String(s.settings[c.setting]) };
        s.settings[c.setting] = c.value;
        this.ctx.markDirty();
        return OK;
      case 'TRG':
        if (c.mode === undefined) return { data: s.settings.trigger };
        s.settings.trigger = c.mode;
        this.ctx.markDirty();
        return OK;
      case 'OUT':
        this.outputLevel = c.level;
        return OK;
      case 'IN':
        // Nothing is wired to the emulated TTL connector: its inputs idle high [?].
        return { data: '1' };
      case 'BUZ':
        if (c.on === undefined) return { data: String(this.buzzerLevel) };
        this.buzzerLevel = c.beeps === undefined ? c.on : 0;
        return OK;
      case 'RESET':
        // "Clears program memory and resets communication parameters to Basic mode and address 0" [M].
        this.plunger.stop(now);
        this.stopProgram();
        s.program = clearedProgram();
        s.selectedPhase = 1;
        s.safeTimeoutS = 0;
        s.address = 0;
        this.safDeadlineMs = Infinity;
        this.ctx.markDirty();
        return OK;
      case 'ADR':
      case 'SIM':
        return OK;
    }
  }

  private start(phase: number, now: number): Outcome | NeAlarm {
    this.cursor = startCursor(phase);
    const first = nextStep(
      this.state.program,
      { ...this.cursor, loops: [] },
      { volumeUnits: this.state.volumeUnits, inRange: (r) => this.inRange(r) },
    );
    // A first phase whose rate the syringe cannot run is refused outright, as a RAT set would be.
    if (first.kind === 'alarm' && first.alarm === 'E') {
      const p = this.state.program[first.phase - 1];
      if (p !== undefined && p.fn.name === 'RAT') return OOR;
    }
    this.mode = 'running';
    return this.runFrom(now) ?? OK;
  }

  private rate(c: Extract<NeCommand, { cmd: 'RAT' }>, now: number): Outcome {
    const active = this.activePump();
    if (c.rate === undefined) {
      if (active !== undefined) return { data: formatNeRateData(active.rate, active.rateUnits) };
      const p = this.selected();
      return { data: formatNeRateData(p.rate, p.rateUnits) };
    }
    if (this.mode === 'purging') return NA;
    if (this.mode !== 'stopped') {
      // The rate may change while pumping, the units may not; the new rate is not stored [M].
      if (active === undefined) return NA;
      const units = c.units ?? active.rateUnits;
      if (units !== active.rateUnits) return NA;
      const mlPerMin = rateToMlPerMin(c.rate, units);
      if (!this.inRange(mlPerMin)) return OOR;
      active.rate = c.rate;
      if (this.mode === 'running') {
        this.plunger.setRate(mlPerMin * NL_PER_ML, now);
        this.refreshTarget();
      }
      return OK;
    }
    const p = this.selected();
    const units = c.units ?? p.rateUnits;
    if (!this.inRange(rateToMlPerMin(c.rate, units))) return OOR;
    p.rate = c.rate;
    p.rateUnits = units;
    this.ctx.markDirty();
    return OK;
  }

  private direction(c: Extract<NeCommand, { cmd: 'DIR' }>, now: number): Outcome {
    const p = this.selected();
    const active = this.activePump();
    if (c.direction === undefined)
      return { data: active?.direction ?? this.state.program[this.phaseNumber() - 1]?.direction ?? p.direction };
    if (this.mode === 'stopped') {
      if (c.direction === 'REV') {
        if (p.direction === 'STK') return NA;
        p.direction = p.direction === 'INF' ? 'WDR' : 'INF';
      } else p.direction = c.direction;
      this.ctx.markDirty();
      return OK;
    }
    // While pumping only in continuous mode, and never STK [M]; the new direction is stored in
    // the running phase and the motor turns round at once.
    const seg = this.segment;
    if (c.direction === 'STK' || this.mode !== 'running' || seg?.kind !== 'pump' || seg.volumeMl !== 0) return NA;
    const next = c.direction === 'REV' ? (seg.direction === 'INF' ? 'WDR' : 'INF') : c.direction;
    const phase = this.state.program[seg.phase - 1];
    if (phase !== undefined) phase.direction = next;
    seg.direction = next;
    this.plunger.start(plungerDirection(next), this.plunger.nlPerMin, now);
    this.ctx.markDirty();
    return OK;
  }

  /** After a rate change or a cleared total, the running segment ends at another time. */
  private refreshTarget(): void {
    if (this.segment?.kind !== 'pump') return;
    this.segment.endsAtMs = this.plunger.targetAtMs();
    this.segment.targetTotalNl = this.plunger.stopAtTotalNl;
  }
}
