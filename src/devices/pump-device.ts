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
   * Unsolicited events (alarms, telemetry) as the device reports them. Drivers on a serial line
   * also report `link-lost` and `link-restored` (after re-synchronising) here.
   */
  onEvent?(listener: (event: { type: string; atMs?: number; detail: Record<string, unknown> }) => void): () => void;

  close(): Promise<void>;
}
