/**
 * One interface for every pump the controller can drive: the emulated implanted pump (in-process
 * or on a serial line), and benchtop syringe pumps (New Era NE-1000 family, Harvard "Ultra").
 * Drivers hide their protocol; the controller sees only this.
 *
 * Capabilities tell the controller what a device can do, instead of it checking `kind`:
 * an implanted pump has a fixed rate and a reservoir; a syringe pump takes a rate; only an
 * emulator has simulated time, environment and fault injection.
 */
import type { InfusateName } from '../model/index.ts';

export type DeviceKind = 'hai' | 'ne1000' | 'elite11';

export interface DeviceIdentity {
  /** e.g. `HAI-30`, `NE1000`, `Pump 11 Elite` */
  model: string;
  firmware: string;
  serial?: string;
}

export interface DeviceCapabilities {
  /** The implanted pump: the rate follows physics, it cannot be set. */
  fixedRate: boolean;
  /** Fill / drain / bolus procedures. */
  reservoir: boolean;
  /** `advanceTimeMs` works (virtual device time). */
  simulatedTime: boolean;
  /** `setEnvironment` works. */
  environment: boolean;
  /** `injectFault` works. */
  faults: boolean;
}

/** The syringe pump drivers' (NE-1000, Harvard): the host sets the rate; no reservoir, virtual time, environment or faults. */
export function syringePumpCapabilities(): DeviceCapabilities {
  return { fixedRate: false, reservoir: false, simulatedTime: false, environment: false, faults: false };
}

export type DeviceRunState = 'stopped' | 'running' | 'paused' | 'alarm' | 'empty' | 'unknown';

export interface DeviceStatus {
  state: DeviceRunState;
  /** The device's own state word (e.g. `INFUSING`, `S`, `:`), for logs. */
  raw: string;
  /** Rate right now, when the device reports one. */
  rateMlPerDay: number | null;
  /** Reservoir content, when the device has one. */
  reservoirMl: number | null;
}

export interface DeviceAlarm {
  code: string;
  severity: 'info' | 'warning' | 'alarm' | 'fault';
  acknowledged: boolean;
  text?: string;
}

export interface DeviceEnvironment {
  tempC?: number;
  altitudeM?: number;
  ambientMmHg?: number;
  arterialMmHg?: number;
}

export type DeviceFault = 'occlusion' | 'leak' | 'sensor' | 'brownout' | 'noise' | 'mute' | 'slow' | 'stall';

/**
 * How a driver knew that the device restarted (power cycle, reset, a new emulator process):
 * - `boot-line`: the HAI pump's `!BOOT` line;
 * - `boot-record`: a boot record in the HAI event log newer than the last one seen, or the log
 *   went backwards (records lost with an NVM commit);
 * - `world-time-back`: the emulator's world time (`SIM:TIME?`) went backwards: a new process;
 * - `device-time-back`: the device's own clock went back (time since its last NVM commit lost);
 * - `alarm-R`: the NE-1000 power-up alarm `A?R` answered a command;
 * - `stopped-by-itself`: a syringe pump the driver had started stands still with no stall,
 *   target or stop to explain it (the Pump 11 Elite has no power-up message).
 */
export type RestartEvidence = 'boot-line' | 'boot-record' | 'world-time-back' | 'device-time-back' | 'alarm-R' | 'stopped-by-itself';

export interface DeviceRestart {
  /** The strongest evidence; `evidence` lists all of it. */
  how: RestartEvidence;
  evidence: RestartEvidence[];
  /** One line for people. */
  text: string;
  /** Device time (its own clock) it resumed at, and the latest the driver had seen before, ms. */
  deviceTimeMs?: number;
  lastDeviceTimeMs?: number;
  /** Device time the restart lost (since its last NVM commit): made up again in lockstep. */
  lostDeviceMs?: number;
  /** `!BOOT` / log fields when known: reset cause and NVM status. */
  reset?: string;
  nvm?: string;
}

/**
 * Everything a driver reports through `onEvent`, one variant per `type`. `atMs` is the
 * driver's clock (wall time unless a test injected another); device times are `deviceAtMs`.
 */
export type DeviceEvent =
  | { type: 'alarm'; atMs: number; detail: { code: string; severity?: string; text?: string } }
  | {
      type: 'telemetry';
      atMs: number;
      detail: { deviceAtMs: number; volMl: number; deliveredMl: number; flowMlPerDay: number; state: string };
    }
  | { type: 'boot'; atMs: number; detail: { firmware: string; reset: string; nvm: string; deviceAtMs: number } }
  | { type: 'procedure-done'; atMs: number; detail: { procedure: string; deviceAtMs: number; volMl: number } }
  | { type: 'link-lost'; atMs: number; detail: { path: string; reason: string; error: string | null } }
  | {
      type: 'link-restored';
      atMs: number;
      detail: { reason: string; attempts: number; state: string; deliveredMl: number | null; reservoirMl: number | null };
    }
  | { type: 'restart'; atMs: number; detail: DeviceRestart }
  /** NE-1000: a command sent again after the power-up alarm answered it instead. */
  | { type: 'resend'; atMs: number; detail: { command: string; alarm: string } }
  | { type: 'heartbeat-failed'; atMs: number; detail: { error: string } }
  /** Harvard: the target volume or time was reached (`T*`). */
  | { type: 'target-reached'; atMs: number; detail: Record<string, never> }
  /** An unsolicited line this driver does not know (kept for logs). */
  | { type: 'other'; atMs: number; detail: { name: string; rest: string } };

export type DeviceEventType = DeviceEvent['type'];

/** A `DeviceEvent` before the driver stamps it with its clock's `atMs`. */
export type UnstampedDeviceEvent = { [K in DeviceEventType]: Omit<Extract<DeviceEvent, { type: K }>, 'atMs'> }[DeviceEventType];

/** Stamps an event; one place, so every driver's events have the same shape. */
export function stampDeviceEvent(event: UnstampedDeviceEvent, atMs: number): DeviceEvent {
  return { ...event, atMs } as DeviceEvent;
}

/** A device failed in a way the user must hear about in one line (silent, wrong baud, alarm). */
export class DeviceError extends Error {
  override name = 'DeviceError';
  constructor(
    message: string,
    readonly code: 'silent' | 'refused' | 'alarm' | 'out-of-range' | 'unsupported' | 'protocol' | 'link',
  ) {
    super(message);
  }
}

export interface PumpDevice {
  readonly kind: DeviceKind;
  readonly capabilities: DeviceCapabilities;

  identify(): Promise<DeviceIdentity>;
  status(): Promise<DeviceStatus>;
  alarms(): Promise<DeviceAlarm[]>;
  acknowledge(code?: string): Promise<void>;

  /** Syringe pumps: refused before sending when outside the syringe's range (DeviceError 'out-of-range'). */
  setRate(rateMlPerDay: number): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Total delivered (infused) volume as the device counts it. */
  readDeliveredMl(): Promise<number>;
  /**
   * Reservoir content in mL (capabilities.reservoir), or null when the sensor cannot say.
   * Optional: a leak shows in the reservoir, not in the delivered counter, so the controller
   * compares both when a device can tell it.
   */
  readReservoirMl?(): Promise<number | null>;

  /** Implanted pump procedures (capabilities.reservoir). */
  fill?(infusate: InfusateName, volumeMl: number): Promise<void>;
  /** Drains and returns the volume that came back. */
  drain?(): Promise<number>;
  bolus?(volumeMl: number): Promise<void>;

  /** Emulator only. */
  advanceTimeMs?(ms: number): Promise<void>;
  setEnvironment?(env: DeviceEnvironment): Promise<void>;
  injectFault?(fault: DeviceFault, param?: number): Promise<void>;
  clearFaults?(): Promise<void>;

  /**
   * What the device reported by itself (alarms, telemetry, boot, procedure done) and what its
   * driver saw happen to it: `link-lost`, `link-restored` (after re-synchronising), `restart`.
   */
  onEvent?(listener: (event: DeviceEvent) => void): () => void;

  close(): Promise<void>;
}
