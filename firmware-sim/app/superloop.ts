import { z } from 'zod';
import type { Clock } from '../../src/model/clock.ts';
import type { Nvm, Sensors, Uart } from '../hal/types.ts';
import { RecordStore } from '../nvm/store.ts';
import { EventLog, EventLogSchema } from './event-log.ts';
import { LinkFaults } from './link.ts';
import type { AppContext, BootInfo, NvmStatus, Personality, PersonalityInstance, ResetCause } from './personality.ts';
import { Watchdog } from './watchdog.ts';
import { WorldTime } from './world.ts';

export interface DeviceOptions<S extends z.ZodType, O> {
  personality: Personality<S, O>;
  personalityOptions: O;
  clock: Clock;
  uart: Uart;
  nvm: Nvm;
  sensors: Sensors;
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

export interface DeviceHandle<State> {
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

/**
 * The superloop: a personality-agnostic firmware main loop. Each iteration kicks the watchdog,
 * brings the personality's physics up to now, feeds it the bytes the UART received, flushes
 * delayed replies, and commits to NVM when state changed (or periodically). Resets (watchdog,
 * brown-out) drop everything in RAM and boot again from NVM.
 */
export function createDevice<S extends z.ZodType, O>(options: DeviceOptions<S, O>): DeviceHandle<z.output<S>> {
  const { personality, clock, uart, nvm, sensors } = options;
  const tickMs = options.tickMs ?? 100;
  const sleepWhenIdle = options.sleepWhenIdle ?? false;
  const persistPeriodMs = options.persistPeriodMs ?? 60_000;
  const logCapacity = options.logCapacity ?? 128;
  const simulation = options.simulation ?? true;

  const RecordSchema = z.strictObject({
    personality: z.literal(personality.name),
    firmware: z.string(),
    bootCount: z.number().int().nonnegative(),
    deviceTimeMs: z.number().int(),
    log: EventLogSchema,
    state: personality.stateSchema,
  });
  // Spelled out: zod cannot infer an object type through the generic `S` here.
  interface Stored {
    personality: string;
    firmware: string;
    bootCount: number;
    deviceTimeMs: number;
    log: z.output<typeof EventLogSchema>;
    state: z.output<S>;
  }

  const world = options.world ?? new WorldTime(clock, options.speed ?? 1);
  const link = new LinkFaults(options.seed ?? 1);
  const store = new RecordStore(nvm, RecordSchema);

  let running = false;
  let hung = false;
  let tickTimer: number | undefined;
  let tickDueClockMs = Infinity;
  let rxQueue: Uint8Array[] = [];
  let delayed: { dueMs: number; bytes: Uint8Array }[] = [];
  let dirty = false;
  let lastCommitMs = 0;
  let nvmOk = true;
  let nvmStatus: NvmStatus = 'BLANK';
  let resetPending: ResetCause | undefined;
  let deviceOffsetMs = 0;
  let bootCount = 0;
  let log = new EventLog(logCapacity);
  let instance: PersonalityInstance<z.output<S>> | undefined;

  const nowMs = (): number => world.nowMs() + deviceOffsetMs;

  const watchdog = new Watchdog(clock, options.watchdogMs ?? Math.max(1000, tickMs * 20), () => {
    hung = false;
    reset('WATCHDOG');
    schedule(0);
  });

  function writeLine(bytes: Uint8Array): void {
    uart.write(link.corrupt(bytes));
  }

  const ctx: AppContext = {
    nowMs,
    send(text, kind) {
      const now = nowMs();
      if (link.isMuted(now)) return;
      const bytes = Buffer.from(`${text}\n`, 'latin1');
      if (kind === 'reply' && (link.slowMs > 0 || delayed.length > 0)) {
        const last = delayed[delayed.length - 1];
        delayed.push({ dueMs: Math.max(now + link.slowMs, last?.dueMs ?? 0), bytes });
        return;
      }
      writeLine(bytes);
    },
    get log() {
      return log;
    },
    markDirty() {
      dirty = true;
    },
    commit() {
      return commit();
    },
    requestReset(cause) {
      resetPending ??= cause;
    },
    sensors,
    sim: simulation ? { world, link, deviceOffsetMs: () => deviceOffsetMs } : undefined,
    nvmHealthy: () => nvmOk,
  };

  function snapshot(current: PersonalityInstance<z.output<S>>): Stored {
    return {
      personality: personality.name,
      firmware: personality.firmwareVersion,
      bootCount,
      deviceTimeMs: nowMs(),
      log: log.snapshot(),
      state: current.persistentState(),
    };
  }

  function commit(): boolean {
    if (instance === undefined) return false;
    try {
      store.commit(snapshot(instance));
      nvmOk = true;
      dirty = false;
      lastCommitMs = nowMs();
      return true;
    } catch {
      // A failed flash write: RAM stays authoritative and the next tick retries.
      nvmOk = false;
      return false;
    }
  }

  function boot(cause: ResetCause): void {
    const report = store.open();
    const restored = report.restored?.value as Stored | undefined;
    nvmStatus = nvmStatusOf(report.restored !== undefined, report.badSlots.length > 0, nvm.factoryNew);
    // Device time resumes where NVM left it: the firmware cannot know how long it was off.
    deviceOffsetMs = (restored?.deviceTimeMs ?? 0) - world.nowMs();
    bootCount = (restored?.bootCount ?? 0) + 1;
    log = new EventLog(logCapacity, restored?.log);
    rxQueue = [];
    delayed = [];
    resetPending = undefined;
    const info: BootInfo = { cause, nvm: nvmStatus, atMs: nowMs(), bootCount };
    instance = personality.boot(ctx, restored?.state, info, options.personalityOptions);
    commit();
  }

  function reset(cause: ResetCause): void {
    instance = undefined;
    boot(cause);
  }

  function schedule(delayMs: number): void {
    if (!running) return;
    const dueMs = clock.now() + delayMs;
    if (tickTimer !== undefined) {
      if (tickDueClockMs <= dueMs) return;
      clock.clearTimeout(tickTimer);
    }
    tickDueClockMs = dueMs;
    tickTimer = clock.setTimeout(() => {
      tickTimer = undefined;
      tickDueClockMs = Infinity;
      step();
    }, delayMs);
  }

  function step(): void {
    if (!running || hung || instance === undefined) return;
    watchdog.kick();
    const current = instance;
    let now = nowMs();
    current.advanceTo(now);
    const rx = rxQueue;
    rxQueue = [];
    for (const bytes of rx) {
      if (resetPending !== undefined) break;
      // A muted device reads its input and throws it away.
      if (link.isMuted(nowMs())) continue;
      current.receive(bytes);
    }
    now = nowMs();
    while (delayed.length > 0 && (delayed[0]?.dueMs ?? Infinity) <= now) {
      const item = delayed.shift();
      if (item !== undefined && !link.isMuted(now)) writeLine(item.bytes);
    }
    if (resetPending !== undefined) {
      reset(resetPending);
    } else if (dirty || !nvmOk || now - lastCommitMs >= persistPeriodMs) {
      commit();
    }
    scheduleNext();
  }

  function scheduleNext(): void {
    if (rxQueue.length > 0) return schedule(0);
    if (!sleepWhenIdle || instance === undefined) return schedule(tickMs);
    const now = nowMs();
    const wakes = [instance.nextWakeMs(), delayed[0]?.dueMs, link.muteUntilMs].filter(
      (t): t is number => t !== undefined && Number.isFinite(t),
    );
    const nextDeviceMs = wakes.length > 0 ? Math.min(...wakes) : Infinity;
    const delay = nextDeviceMs === Infinity ? Infinity : Math.max(1, world.clockDelayMs(nextDeviceMs - now));
    watchdog.expectSleep(delay);
    if (delay !== Infinity) schedule(delay);
  }

  uart.onBytes((bytes) => {
    if (!running) return;
    rxQueue.push(bytes);
    // The UART RX interrupt wakes a sleeping MCU; a ticking one picks the bytes up next tick.
    if (sleepWhenIdle) schedule(0);
  });

  return {
    start() {
      if (running) return;
      running = true;
      hung = false;
      boot('POWERON');
      watchdog.kick();
      schedule(0);
    },
    stop() {
      if (!running) return;
      if (instance !== undefined) commit();
      running = false;
      watchdog.stop();
      if (tickTimer !== undefined) clock.clearTimeout(tickTimer);
      tickTimer = undefined;
      tickDueClockMs = Infinity;
    },
    powerCut() {
      running = false;
      watchdog.stop();
      if (tickTimer !== undefined) clock.clearTimeout(tickTimer);
      tickTimer = undefined;
      tickDueClockMs = Infinity;
      instance = undefined;
    },
    service() {
      step();
    },
    world,
    link,
    nowMs,
    bootCount: () => bootCount,
    state() {
      if (instance === undefined) throw new Error('device is not running');
      return instance.persistentState();
    },
    digest() {
      if (instance === undefined) throw new Error('device is not running');
      return instance.digest();
    },
    hang() {
      hung = true;
    },
    watchdogBites: () => watchdog.bites,
    nvmSeq: () => store.seq,
    nvmStatus: () => nvmStatus,
  };
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
