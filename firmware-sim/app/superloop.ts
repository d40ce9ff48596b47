import * as z from 'zod';
import type { Clock } from '../../src/model/clock.ts';
import type { DeviceClock, Nvm, Sensors, Uart } from '../hal/types.ts';
import { RecordStore } from '../nvm/store.ts';
import { EventLog, EventLogSchema } from './event-log.ts';
import { LinkFaults } from './link.ts';
import type { AppContext, BootInfo, NvmStatus, Personality, PersonalityInstance, ResetCause } from './personality.ts';
import { Watchdog } from './watchdog.ts';
import { WorldTime } from './world.ts';

/**
 * What every emulated device is built with besides its personality: its HAL, its loop's timing
 * and its simulation settings. Each personality's device options extend it; its factory (the
 * board) adapts the host clock to the device clock HAL (`deviceClockFrom`) and adds the sensors.
 */
export interface LoopOptions {
  uart: Uart;
  /** The host's clock (virtual, scaled or real) that the device's timer runs on. */
  clock: Clock;
  nvm: Nvm;
  /** Expose the SIM: back door (an emulator); false makes SIM: commands undefined, as on hardware. */
  simulation?: boolean;
  /** World speed factor at start (SIM:SPEED); 0 = time moves only by SIM:TIME:ADV. */
  speed?: number;
  /** A world shared with other devices (pumps on one network live in one world); `speed` is then the world's. */
  world?: WorldTime;
  /** Superloop period in clock ms while awake. */
  tickMs?: number;
  /** Sleep between events (wake on RX, telemetry, thresholds) instead of ticking. */
  sleepWhenIdle?: boolean;
  /** Watchdog timeout in clock ms. */
  watchdogMs?: number;
  /** Commit at least this often (device ms) even without a state change, so device time survives. */
  persistPeriodMs?: number;
  logCapacity?: number;
  /** Seed for noise and other randomness. */
  seed?: number;
}

/** What the superloop itself takes: the loop options on the HAL, and the application. */
export interface FirmwareDeviceOptions<S extends z.ZodType, O> extends Omit<LoopOptions, 'clock'> {
  clock: DeviceClock;
  sensors: Sensors;
  personality: Personality<S, O>;
  personalityOptions: O;
}

/** A running emulated device, whatever its personality. */
export interface FirmwareDevice<State> {
  start(): void;
  /** Stops the loop and commits state to NVM (a clean power-down). */
  stop(): void;
  /** Stops with no final commit: the power just went. */
  powerCut(): void;
  /** Runs one loop iteration now (in-process use: no need to wait for the tick). */
  service(): void;
  readonly world: WorldTime;
  readonly link: LinkFaults;
  /** Device (firmware) time. */
  nowMs(): number;
  bootCount(): number;
  /** The persistent state as the personality would commit it now. */
  state(): State;
  digest(): string;
  /** Test hook: the main loop hangs (stops kicking the watchdog) until the watchdog resets it. */
  hang(): void;
  readonly watchdogBites: () => number;
  readonly nvmSeq: () => number;
  /** What the NVM held at the last boot, for every personality (and its host) to act on. */
  readonly nvmStatus: () => NvmStatus;
}

/** Fixed when the device is built (a Zephyr driver's `config`): nothing here changes at run time. */
interface LoopConfig {
  readonly tickMs: number;
  readonly sleepWhenIdle: boolean;
  readonly persistPeriodMs: number;
  readonly logCapacity: number;
  readonly simulation: boolean;
  readonly watchdogMs: number;
}

function loopConfig(options: Omit<LoopOptions, 'uart' | 'clock' | 'nvm'>): LoopConfig {
  const tickMs = options.tickMs ?? 100;
  return {
    tickMs,
    sleepWhenIdle: options.sleepWhenIdle ?? false,
    persistPeriodMs: options.persistPeriodMs ?? 60_000,
    logCapacity: options.logCapacity ?? 128,
    simulation: options.simulation ?? true,
    watchdogMs: options.watchdogMs ?? Math.max(1000, tickMs * 20),
  };
}

/**
 * Everything the loop changes at run time (a Zephyr driver's `data`). A reset (`powerOn`)
 * renews the per-boot part from NVM; the scheduler and the commit bookkeeping outlive boots.
 */
interface LoopData<State> {
  // The scheduler: the timer that runs the loop (the MCU's SysTick).
  running: boolean;
  hung: boolean;
  timer: number | undefined;
  timerDueMs: number;
  // NVM commits: a failed write is retried by the next iteration, whatever boot it is in.
  dirty: boolean;
  lastCommitMs: number;
  nvmOk: boolean;
  // This boot's RAM.
  rxQueue: Uint8Array[];
  delayed: { dueMs: number; bytes: Uint8Array }[];
  resetPending: ResetCause | undefined;
  /** Device time equals world time plus this (set at boot so device time resumes from NVM). */
  deviceOffsetMs: number;
  bootCount: number;
  nvmStatus: NvmStatus;
  log: EventLog;
  /** Undefined while powered off, and while the personality boots. */
  instance: PersonalityInstance<State> | undefined;
}

/** One NVM record: who wrote it, the boot count, device time, the event log and the personality's state. */
function recordSchema<S extends z.ZodType>(personality: Pick<Personality<S>, 'name' | 'stateSchema'>) {
  return z.strictObject({
    personality: z.literal(personality.name),
    firmware: z.string(),
    bootCount: z.number().int().nonnegative(),
    deviceTimeMs: z.number().int(),
    log: EventLogSchema,
    state: personality.stateSchema,
  });
}

// Spelled out: zod cannot infer an object type through the generic `S` here.
interface StoredRecord<State> {
  personality: string;
  firmware: string;
  bootCount: number;
  deviceTimeMs: number;
  log: z.output<typeof EventLogSchema>;
  state: State;
}

/**
 * The superloop: a personality-agnostic firmware main loop. Each iteration kicks the watchdog,
 * brings the personality's physics up to now, feeds it the bytes the UART received, flushes
 * delayed replies, and commits to NVM when state changed (or periodically). Resets (watchdog,
 * brown-out) drop everything in RAM and boot again from NVM.
 */
class Superloop<S extends z.ZodType, O> implements FirmwareDevice<z.output<S>> {
  readonly world: WorldTime;
  readonly link: LinkFaults;
  private readonly config: LoopConfig;
  private readonly data: LoopData<z.output<S>>;
  private readonly store: RecordStore<ReturnType<typeof recordSchema<S>>>;
  private readonly watchdog: Watchdog;
  private readonly ctx: AppContext;

  constructor(private readonly options: FirmwareDeviceOptions<S, O>) {
    this.config = loopConfig(options);
    this.data = {
      running: false,
      hung: false,
      timer: undefined,
      timerDueMs: Infinity,
      dirty: false,
      lastCommitMs: 0,
      nvmOk: true,
      rxQueue: [],
      delayed: [],
      resetPending: undefined,
      deviceOffsetMs: 0,
      bootCount: 0,
      nvmStatus: 'BLANK',
      log: new EventLog(this.config.logCapacity),
      instance: undefined,
    };
    this.world = options.world ?? new WorldTime(options.clock, options.speed ?? 1);
    this.link = new LinkFaults(options.seed ?? 1);
    this.store = new RecordStore(options.nvm, recordSchema(options.personality));
    this.watchdog = new Watchdog(options.clock, this.config.watchdogMs, () => {
      this.data.hung = false;
      this.powerOn('WATCHDOG');
      this.schedule(0);
    });
    this.ctx = this.appContext();
    options.uart.onBytes((bytes) => {
      if (!this.data.running) return;
      this.data.rxQueue.push(bytes);
      // The UART RX interrupt wakes a sleeping MCU; a ticking one picks the bytes up next tick.
      if (this.config.sleepWhenIdle) this.schedule(0);
    });
  }

  // ---- the handle (arrow functions: callers pass them around detached) ---------------------------

  readonly start = (): void => {
    if (this.data.running) return;
    this.data.running = true;
    this.data.hung = false;
    this.powerOn('POWERON');
    this.watchdog.kick();
    this.schedule(0);
  };

  readonly stop = (): void => {
    if (!this.data.running) return;
    if (this.data.instance !== undefined) this.commit();
    this.halt();
  };

  readonly powerCut = (): void => {
    this.halt();
    this.data.instance = undefined;
  };

  readonly service = (): void => this.step();

  readonly nowMs = (): number => this.world.nowMs() + this.data.deviceOffsetMs;

  readonly bootCount = (): number => this.data.bootCount;

  readonly state = (): z.output<S> => this.running().persistentState();

  readonly digest = (): string => this.running().digest();

  readonly hang = (): void => {
    this.data.hung = true;
  };

  readonly watchdogBites = (): number => this.watchdog.bites;

  readonly nvmSeq = (): number => this.store.seq;

  readonly nvmStatus = (): NvmStatus => this.data.nvmStatus;

  // ---- what the personality sees ------------------------------------------------------------------

  private running(): PersonalityInstance<z.output<S>> {
    if (this.data.instance === undefined) throw new Error('device is not running');
    return this.data.instance;
  }

  private appContext(): AppContext {
    const data = this.data;
    return {
      nowMs: this.nowMs,
      send: (text, kind) => this.send(text, kind),
      get log() {
        return data.log;
      },
      markDirty: () => {
        data.dirty = true;
      },
      commit: () => this.commit(),
      requestReset: (cause) => {
        data.resetPending ??= cause;
      },
      sensors: this.options.sensors,
      sim: this.config.simulation ? { world: this.world, link: this.link, deviceOffsetMs: () => data.deviceOffsetMs } : undefined,
      nvmHealthy: () => data.nvmOk,
    };
  }

  private send(text: string, kind: 'reply' | 'unsolicited'): void {
    const now = this.nowMs();
    if (this.link.isMuted(now)) return;
    const bytes = Buffer.from(`${text}\n`, 'latin1');
    const delayed = this.data.delayed;
    if (kind === 'reply' && (this.link.slowMs > 0 || delayed.length > 0)) {
      const last = delayed[delayed.length - 1];
      delayed.push({ dueMs: Math.max(now + this.link.slowMs, last?.dueMs ?? 0), bytes });
      return;
    }
    this.writeLine(bytes);
  }

  private writeLine(bytes: Uint8Array): void {
    this.options.uart.write(this.link.corrupt(bytes));
  }

  // ---- boot and commit -----------------------------------------------------------------------------

  private commit(): boolean {
    const data = this.data;
    if (data.instance === undefined) return false;
    try {
      const record: StoredRecord<z.output<S>> = {
        personality: this.options.personality.name,
        firmware: this.options.personality.firmwareVersion,
        bootCount: data.bootCount,
        deviceTimeMs: this.nowMs(),
        log: data.log.snapshot(),
        state: data.instance.persistentState(),
      };
      this.store.commit(record);
      data.nvmOk = true;
      data.dirty = false;
      data.lastCommitMs = this.nowMs();
      return true;
    } catch {
      // A failed flash write: RAM stays authoritative and the next tick retries.
      data.nvmOk = false;
      return false;
    }
  }

  /** Boots from NVM; whatever was in RAM is gone (power-on, watchdog, brown-out, reset command). */
  private powerOn(cause: ResetCause): void {
    const data = this.data;
    data.instance = undefined;
    const report = this.store.open();
    const restored = report.restored?.value as StoredRecord<z.output<S>> | undefined;
    data.nvmStatus = nvmStatusOf(report.restored !== undefined, report.badSlots.length > 0, this.options.nvm.factoryNew);
    // Device time resumes where NVM left it: the firmware cannot know how long it was off.
    data.deviceOffsetMs = (restored?.deviceTimeMs ?? 0) - this.world.nowMs();
    data.bootCount = (restored?.bootCount ?? 0) + 1;
    data.log = new EventLog(this.config.logCapacity, restored?.log);
    data.rxQueue = [];
    data.delayed = [];
    data.resetPending = undefined;
    const info: BootInfo = { cause, nvm: data.nvmStatus, atMs: this.nowMs(), bootCount: data.bootCount };
    data.instance = this.options.personality.boot(this.ctx, restored?.state, info, this.options.personalityOptions);
    this.commit();
  }

  // ---- the loop ------------------------------------------------------------------------------------

  private halt(): void {
    const data = this.data;
    data.running = false;
    this.watchdog.stop();
    if (data.timer !== undefined) this.options.clock.cancelTimer(data.timer);
    data.timer = undefined;
    data.timerDueMs = Infinity;
  }

  private schedule(delayMs: number): void {
    const data = this.data;
    if (!data.running) return;
    const clock = this.options.clock;
    const dueMs = clock.nowMs() + delayMs;
    if (data.timer !== undefined) {
      if (data.timerDueMs <= dueMs) return;
      clock.cancelTimer(data.timer);
    }
    data.timerDueMs = dueMs;
    data.timer = clock.setTimer(() => {
      data.timer = undefined;
      data.timerDueMs = Infinity;
      this.step();
    }, delayMs);
  }

  private step(): void {
    const data = this.data;
    const current = data.instance;
    if (!data.running || data.hung || current === undefined) return;
    this.watchdog.kick();
    current.advanceTo(this.nowMs());
    const rx = data.rxQueue;
    data.rxQueue = [];
    for (const bytes of rx) {
      if (data.resetPending !== undefined) break;
      // A muted device reads its input and throws it away.
      if (this.link.isMuted(this.nowMs())) continue;
      current.receive(bytes);
    }
    const now = this.nowMs();
    while (data.delayed.length > 0 && (data.delayed[0]?.dueMs ?? Infinity) <= now) {
      const item = data.delayed.shift();
      if (item !== undefined && !this.link.isMuted(now)) this.writeLine(item.bytes);
    }
    if (data.resetPending !== undefined) {
      this.powerOn(data.resetPending);
    } else if (data.dirty || !data.nvmOk || now - data.lastCommitMs >= this.config.persistPeriodMs) {
      this.commit();
    }
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const data = this.data;
    if (data.rxQueue.length > 0) return this.schedule(0);
    if (!this.config.sleepWhenIdle || data.instance === undefined) return this.schedule(this.config.tickMs);
    const now = this.nowMs();
    const wakes = [data.instance.nextWakeMs(), data.delayed[0]?.dueMs, this.link.muteUntilMs].filter(
      (t): t is number => t !== undefined && Number.isFinite(t),
    );
    const nextDeviceMs = wakes.length > 0 ? Math.min(...wakes) : Infinity;
    const delay = nextDeviceMs === Infinity ? Infinity : Math.max(1, this.world.clockDelayMs(nextDeviceMs - now));
    this.watchdog.expectSleep(delay);
    if (delay !== Infinity) this.schedule(delay);
  }
}

/** Builds the device (it starts powered off: call `start`). */
export function createFirmwareDevice<S extends z.ZodType, O>(options: FirmwareDeviceOptions<S, O>): FirmwareDevice<z.output<S>> {
  return new Superloop(options);
}

/**
 * What the NVM held at the last boot. Nothing valid is a new device (BLANK) only on a
 * factory-new medium; on a medium a device has used (an existing file, even an empty one) it
 * is lost data (CORRUPT), whatever the cause: wiped, truncated or corrupted.
 */
export function nvmStatusOf(restored: boolean, badSlots: boolean, factoryNew: boolean): NvmStatus {
  if (restored) return badSlots ? 'RESTORED' : 'OK';
  return badSlots || !factoryNew ? 'CORRUPT' : 'BLANK';
}
