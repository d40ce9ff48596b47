import {
  formatReply,
  LineSplitter,
  parseCommand,
  toGrams,
  type Command,
  type Reply,
  type ReplyHead,
} from '../../../protocols/mtsics/index.ts';
import type { AppContext, BootInfo, PersonalityInstance } from '../../app/personality.ts';
import type { Beaker } from './beaker.ts';
import { identityReplies, type BalanceIdentity } from './identity.ts';
import { blankMtSicsState, type MtSicsState } from './state.ts';
import { INITIAL_ZERO_RANGE, ZERO_RANGE_FRACTION } from './zero-ranges.ts';

export interface MtSicsFirmwareOptions {
  beaker: Beaker;
  identity: BalanceIdentity;
  /** Decimals in grams: 4 for a 0.1 mg analytical balance. */
  decimals: number;
  /** S, T and Z give up with `<cmd> I` when the reading has not settled within this (device ms). */
  stabilityTimeoutMs: number;
  /** SIR repeat period (device ms); at most one line per loop iteration is sent anyway. */
  sirPeriodMs: number;
}

export const MTSICS_FIRMWARE_VERSION = '2.20';
/** Commands waiting behind one that waits for stability; more are refused with EL (busy). */
const MAX_QUEUED_LINES = 8;
/** How often (device ms) a sleeping balance re-checks stability while a command waits for it. */
const STABILITY_POLL_MS = 50;

type Measurement = { kind: 'over' } | { kind: 'under' } | { kind: 'ok'; grossG: number; netG: number; stable: boolean };
type Waiting = { command: 'S' | 'T' | 'Z'; deadlineMs: number };

/**
 * The MT-SICS balance application (MT-SICS Reference Manual 11781363, protocols/mtsics/CONFORMANCE.md).
 * At start-up it sets the initial zero when the load is within the initial zero range (I48,
 * p. 107; M35 normal mode, p. 164), clears the tare (M49, p. 174) and sends `I4 A "<SNR>"` by
 * itself (I4, p. 89). Lines are executed in order; S, T and Z wait for a settled reading (holding
 * the queue) and answer `<cmd> I` after the stability timeout. SIR streams weights until S, SI,
 * SIR or @ overwrites it (p. 207). `@` cancels everything at once (p. 15). Bytes outside
 * printable ASCII make the line an ET.
 */
export class MtSicsFirmware implements PersonalityInstance<MtSicsState> {
  readonly state: MtSicsState;
  private readonly splitter = new LineSplitter(64);
  private readonly queue: string[] = [];
  private waiting: Waiting | undefined;
  private sirNextMs: number | undefined;
  private readonly readabilityG: number;
  /** The zero point determined at switch-on: Z and ZI move the zero only within its zero range (p. 244). */
  private readonly powerUpZeroG: number;

  constructor(
    private readonly ctx: AppContext,
    restored: MtSicsState | undefined,
    _info: BootInfo,
    private readonly options: MtSicsFirmwareOptions,
  ) {
    this.state = restored ?? blankMtSicsState();
    this.readabilityG = 10 ** -options.decimals;
    this.powerUpZeroG = this.initialZero();
    // M49 normal mode: the tare is volatile and starts at zero.
    this.state.tareG = 0;
    ctx.markDirty();
    this.send({ kind: 'serialNumber', serial: options.identity.serial }, 'unsolicited');
  }

  /**
   * The initial zero at start-up: a settled load within the initial zero range becomes the zero
   * point. Outside it (a beaker already on the pan) the balance keeps the zero saved in its NVM
   * (M35 mode 1, "start with saved zero"), the production zero on a new balance. [?] A balance in
   * M35 normal mode would refuse weights instead until the load is in range (I59, p. 117).
   */
  private initialZero(): number {
    const reading = this.options.beaker.read(this.worldMs(), this.readabilityG);
    const capacityG = this.options.identity.capacityG;
    const inRange =
      reading.settled &&
      reading.massG >= INITIAL_ZERO_RANGE.lowerFraction * capacityG &&
      reading.massG <= INITIAL_ZERO_RANGE.upperFraction * capacityG;
    if (inRange) this.state.zeroG = reading.massG;
    return this.state.zeroG;
  }

  // ---- loop interface -------------------------------------------------------------------

  receive(bytes: Uint8Array): void {
    for (const line of this.splitter.push(bytes)) {
      // "The cancel command is always executed": not queued behind a command that waits (p. 15).
      if (line === '@') {
        this.cancel();
        continue;
      }
      if (this.queue.length >= MAX_QUEUED_LINES) {
        this.send({ kind: 'error', code: 'EL' });
        continue;
      }
      this.queue.push(line);
    }
    this.runQueue(this.ctx.nowMs());
  }

  advanceTo(nowMs: number): void {
    const waiting = this.waiting;
    if (waiting !== undefined) {
      const m = this.measure();
      if (m.kind !== 'ok' || m.stable) {
        this.waiting = undefined;
        this.finishStable(waiting.command, m);
      } else if (nowMs >= waiting.deadlineMs) {
        this.waiting = undefined;
        this.send({ kind: 'notExecutable', command: waiting.command });
      }
    }
    this.runQueue(nowMs);
    if (this.sirNextMs !== undefined && nowMs >= this.sirNextMs) {
      this.send(this.immediateWeight(nowMs));
      // One line per loop iteration: a UART at the factory baud cannot carry a backlog anyway.
      this.sirNextMs = Math.max(this.sirNextMs + this.options.sirPeriodMs, nowMs + 1);
    }
  }

  nextWakeMs(): number | undefined {
    // While S/T/Z waits, look at the reading often: the beaker settles on its own, with no event to wake on.
    const poll = this.waiting === undefined ? undefined : this.ctx.nowMs() + STABILITY_POLL_MS;
    const times = [this.sirNextMs, this.waiting?.deadlineMs, poll].filter((t): t is number => t !== undefined);
    return times.length === 0 ? undefined : Math.min(...times);
  }

  persistentState(): MtSicsState {
    return { ...this.state };
  }

  digest(): string {
    return JSON.stringify({ state: this.state, queue: this.queue.length, waiting: this.waiting ?? null, sir: this.sirNextMs ?? null });
  }

  // ---- commands -------------------------------------------------------------------------

  private runQueue(nowMs: number): void {
    while (this.waiting === undefined) {
      const line = this.queue.shift();
      if (line === undefined) return;
      this.executeLine(line, nowMs);
    }
  }

  private executeLine(line: string, nowMs: number): void {
    // A framing or parity error shows up as bytes no MT-SICS command contains.
    if (/[^\x20-\x7e]/.test(line)) return this.send({ kind: 'error', code: 'ET' });
    const parsed = parseCommand(line);
    if (!parsed.ok) return this.send(parsed.reply);
    // SIR is overwritten by S, SI, SR and @ (and a new SIR); other commands are answered between its lines (p. 207).
    if (parsed.command.name === 'S' || parsed.command.name === 'SI' || parsed.command.name === 'SIR') this.sirNextMs = undefined;
    this.execute(parsed.command, nowMs);
  }

  /** `@`: back to the condition after switch-on, without a zero setting; the tare memory is kept (p. 15). */
  private cancel(): void {
    this.queue.length = 0;
    this.waiting = undefined;
    this.sirNextMs = undefined;
    this.send({ kind: 'serialNumber', serial: this.options.identity.serial });
  }

  private execute(command: Command, nowMs: number): void {
    switch (command.name) {
      case 'S':
      case 'T':
      case 'Z':
        return this.startStable(command.name, nowMs);
      case 'SI':
        return this.send(this.immediateWeight(nowMs));
      case 'SIR':
        this.send(this.immediateWeight(nowMs));
        this.sirNextMs = nowMs + this.options.sirPeriodMs;
        return;
      case 'ZI':
        return this.send(this.zero('ZI', this.measure()));
      case 'TI':
        return this.send(this.tare('TI', this.measure()));
      case 'TA':
        return this.send(this.tareMemory(command.preset));
      case 'TAC':
        this.setTare(0);
        return this.send({ kind: 'tareCleared' });
      case '@':
        return this.cancel();
      case 'I4':
        return this.send({ kind: 'serialNumber', serial: this.options.identity.serial });
      default:
        for (const reply of identityReplies(command.name, this.options.identity)) this.send(reply);
    }
  }

  private startStable(command: 'S' | 'T' | 'Z', nowMs: number): void {
    const m = this.measure();
    if (m.kind !== 'ok' || m.stable) return this.finishStable(command, m);
    this.waiting = { command, deadlineMs: nowMs + this.options.stabilityTimeoutMs };
  }

  private finishStable(command: 'S' | 'T' | 'Z', m: Measurement): void {
    if (command === 'S') return this.send(this.weightReply('S', m));
    if (command === 'T') return this.send(this.tare('T', m));
    return this.send(this.zero('Z', m));
  }

  private immediateWeight(_nowMs: number): Reply {
    return this.weightReply('S', this.measure());
  }

  private weightReply(head: ReplyHead, m: Measurement): Reply {
    if (m.kind === 'over') return { kind: 'overload', command: head };
    if (m.kind === 'under') return { kind: 'underload', command: head };
    const value = this.round(m.netG);
    return { kind: 'weight', stable: m.stable, value, unit: 'g', valueG: value };
  }

  private zero(command: 'Z' | 'ZI', m: Measurement): Reply {
    if (m.kind === 'over') return { kind: 'overload', command };
    if (m.kind === 'under') return { kind: 'underload', command };
    // The load-cell reading, as an offset from the zero point set at switch-on.
    const rawG = m.grossG + this.state.zeroG;
    const rangeG = ZERO_RANGE_FRACTION * this.options.identity.capacityG;
    if (rawG - this.powerUpZeroG > rangeG) return { kind: 'overload', command };
    if (rawG - this.powerUpZeroG < -rangeG) return { kind: 'underload', command };
    this.state.zeroG = rawG;
    this.setTare(0);
    this.ctx.markDirty();
    return { kind: 'zeroed', command, stable: m.stable };
  }

  private tare(command: 'T' | 'TI', m: Measurement): Reply {
    if (m.kind === 'over') return { kind: 'overload', command };
    // Below zero is below the taring range; within a digit of zero is zero (an empty pan tares to 0).
    if (m.kind === 'under' || m.grossG < -this.readabilityG) return { kind: 'underload', command };
    const tareG = Math.max(0, this.round(m.grossG));
    this.setTare(tareG);
    return { kind: 'tare', command, stable: m.stable, value: tareG, unit: 'g', valueG: tareG };
  }

  private tareMemory(preset: { value: number; unit: 'g' | 'mg' | 'kg' } | undefined): Reply {
    if (preset !== undefined) {
      const tareG = toGrams(preset.value, preset.unit);
      if (tareG > this.options.identity.capacityG) return { kind: 'parameterError', command: 'TA' };
      this.setTare(this.round(tareG));
    }
    const value = this.state.tareG;
    return { kind: 'tareValue', value, unit: 'g', valueG: value };
  }

  private setTare(tareG: number): void {
    if (this.state.tareG === tareG) return;
    this.state.tareG = tareG;
    this.ctx.markDirty();
  }

  /** The beaker lives in world time (shared with a pump in the same rig), not in device time. */
  private worldMs(): number {
    return this.ctx.sim?.world.nowMs() ?? this.ctx.nowMs();
  }

  private measure(): Measurement {
    const reading = this.options.beaker.read(this.worldMs(), this.readabilityG);
    const grossG = reading.massG - this.state.zeroG;
    const capacityG = this.options.identity.capacityG;
    // Overload a little past capacity (9 digits over, as balances allow); underload when the load
    // cell reads below its production zero, e.g. the pan is off (a zero moved up at switch-on and
    // then unloaded reads negative, not underload).
    if (grossG > capacityG + 9 * this.readabilityG) return { kind: 'over' };
    if (reading.massG < -ZERO_RANGE_FRACTION * capacityG) return { kind: 'under' };
    return { kind: 'ok', grossG, netG: grossG - this.state.tareG, stable: reading.settled };
  }

  private round(valueG: number): number {
    const factor = 10 ** this.options.decimals;
    return Math.round(valueG * factor) / factor;
  }

  private send(reply: Reply, kind: 'reply' | 'unsolicited' = 'reply'): void {
    // formatReply ends in CR LF; the app adds the LF.
    this.ctx.send(formatReply(reply, { decimals: this.options.decimals }).slice(0, -1), kind);
  }
}
