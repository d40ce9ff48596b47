import type * as z from 'zod';
import type { Sensors } from '../hal/types.ts';
import type { EventLog } from './event-log.ts';
import type { LinkFaults } from './link.ts';
import type { WorldTime } from './world.ts';

/** Why the firmware (re)started; personalities map it to their own wire words. */
export type ResetCause = 'POWERON' | 'WATCHDOG' | 'BROWNOUT' | 'COMMAND';
/** What the NVM held at boot: OK; BLANK never written; RESTORED newest bad, older used; CORRUPT nothing valid. */
export type NvmStatus = 'OK' | 'BLANK' | 'RESTORED' | 'CORRUPT';

export interface BootInfo {
  cause: ResetCause;
  nvm: NvmStatus;
  /** Device (firmware) time at boot, resumed from NVM. */
  atMs: number;
  bootCount: number;
}

/**
 * What the app (superloop) offers a personality. Everything time-like is device time:
 * the firmware clock, resumed from NVM at every boot, so it lags world time by any outage.
 */
export interface AppContext {
  nowMs(): number;
  /** Sends one line (terminator added here). Replies may be delayed by a SLOW fault; unsolicited lines never. */
  send(text: string, kind: 'reply' | 'unsolicited'): void;
  readonly log: EventLog;
  /** Marks persistent state changed; the loop commits it at the end of this tick. */
  markDirty(): void;
  /** Commits now (state-changing commands call it before replying); false if the NVM write failed. */
  commit(): boolean;
  /** Resets the firmware after the current line's reply has gone out. */
  requestReset(cause: ResetCause): void;
  /** The sensors the firmware reads (failure-injectable). */
  readonly sensors: Sensors;
  /** Simulation back door (world time, link faults); undefined on a real device, where SIM: is -113. */
  readonly sim: SimBackdoor | undefined;
  readonly nvmHealthy: () => boolean;
}

export interface SimBackdoor {
  readonly world: WorldTime;
  readonly link: LinkFaults;
  /** Device time equals world time plus this offset (set at boot so device time resumes from NVM). */
  readonly deviceOffsetMs: () => number;
}

/** A running personality: the firmware's RAM. Recreated from NVM at every boot. */
export interface PersonalityInstance<State> {
  /** Bytes drained from the UART RX ring this tick. */
  receive(bytes: Uint8Array): void;
  /** Brings physics and alarms up to device time `nowMs` (called every tick, before `receive`). */
  advanceTo(nowMs: number): void;
  /** Next device time the firmware must be awake for (telemetry, a threshold crossing), if any. */
  nextWakeMs(): number | undefined;
  persistentState(): State;
  /** A digest of everything a rejected request must not change (for fuzzing). */
  digest(): string;
}

/**
 * A device personality: the application firmware of one product (hai, ne1000, elite11, mtsics).
 * The app loop is personality-agnostic; it owns ticks, watchdog, NVM and the link.
 */
export interface Personality<S extends z.ZodType, Options = unknown> {
  readonly name: string;
  readonly firmwareVersion: string;
  readonly stateSchema: S;
  boot(ctx: AppContext, restored: z.output<S> | undefined, info: BootInfo, options: Options): PersonalityInstance<z.output<S>>;
}

/** A firmware class whose constructor takes `boot`'s arguments, as every personality's does. */
type FirmwareClass<S extends z.ZodType, Options> = new (
  ctx: AppContext,
  restored: z.output<S> | undefined,
  info: BootInfo,
  options: Options,
) => PersonalityInstance<z.output<S>>;

/** A personality that boots by constructing its firmware: one definition for all of ours. */
export function firmwarePersonality<S extends z.ZodType, Options>(
  name: string,
  firmwareVersion: string,
  stateSchema: S,
  Firmware: FirmwareClass<S, Options>,
): Personality<S, Options> {
  return { name, firmwareVersion, stateSchema, boot: (ctx, restored, info, options) => new Firmware(ctx, restored, info, options) };
}
