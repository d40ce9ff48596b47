/**
 * What the harness needs to know about one device protocol: how a line goes out, how received
 * bytes become lines, which lines are events, and how to do the few semantic operations the
 * scenario steps and fixtures offer (delivered volume, state, alarms, and the emulator's SIM
 * back door). One file per personality; the harness itself is protocol-agnostic.
 */
import type { DeviceEnvironment, DeviceFault } from '../../devices/pump-device.ts';
import { DEVICE_KINDS, type DeviceKind } from '../../model/device-kinds.ts';
import type { Clock } from '../../model/clock.ts';
import type { Framer } from '../../transport/request-channel.ts';

/** The harness speaks to every pump kind; `personality` is its name in scenarios and targets. */
export const PERSONALITIES = DEVICE_KINDS;
export type Personality = DeviceKind;

/** Sends a line and resolves with its reply (text, integrity suffix removed). */
export type RequestFn = (line: string) => Promise<string>;

/** A received line, decoded: `text` is what tests match against. */
export interface DecodedLine {
  text: string;
  /** false when an integrity check (CRC) failed; the line is kept for the record. */
  intact: boolean;
}

export interface HilEvent {
  /** e.g. `alarm`, `telemetry`, `boot`; unknown names are kept lower-cased. */
  type: string;
  /** For alarms: the alarm code as text. */
  code?: string;
  /** Device time of the event when the device says. */
  atMs?: number;
  line: string;
  detail: Record<string, unknown>;
}

export interface AlarmState {
  code: string;
  severity: string;
  acknowledged: boolean;
}

/**
 * The SIM back door of an emulator personality. Only `injectFault` is required; the bench
 * syringe-pump emulators have a real-time clock (scaled by --speed) and no environment, so they
 * leave the rest out and the harness waits in (scaled) real time instead.
 */
export interface SimDialect {
  /** Asks the device for world time without side effects: the answer tells an emulator from a real device. */
  readTimeMs?(request: RequestFn): Promise<number>;
  advanceMs?(request: RequestFn, ms: number): Promise<void>;
  setEnvironment?(request: RequestFn, env: DeviceEnvironment): Promise<void>;
  /** Throws HilUnsupportedError for a fault this emulator does not have. */
  injectFault(request: RequestFn, fault: DeviceFault, param?: number): Promise<void>;
  clearFaults?(request: RequestFn): Promise<void>;
}

export interface Dialect {
  readonly personality: Personality;
  /** The baud a port is opened at when the target names none: the device's factory setting. */
  readonly factoryBaud: number;
  /** Bytes of one outgoing line, terminator included. */
  encode(line: string): string;
  /** Received bytes to raw lines; `reset()` drops a half-received line (after an unplug). */
  readonly createFramer: (onLine: (raw: string) => void, clock: Clock) => Framer;
  decode(raw: string): DecodedLine;
  isUnsolicited(text: string): boolean;
  /** false for lines the device answers with nothing (a blank line on HAI). */
  expectsReply(line: string): boolean;
  /** Sent (after an optional flush) to check the device is there; its reply must satisfy `handshakeOk`. */
  readonly flush: string | undefined;
  readonly handshake: string;
  handshakeOk(reply: string): boolean;
  /** The reply means "refused"; semantic operations turn it into an error. */
  isError(reply: string): boolean;
  parseEvent(text: string): HilEvent | undefined;
  readDeliveredMl(request: RequestFn): Promise<number>;
  /** Devices without a reservoir answer null. */
  readReservoirMl(request: RequestFn): Promise<number | null>;
  readState(request: RequestFn): Promise<string>;
  readAlarms(request: RequestFn): Promise<AlarmState[]>;
  readonly sim: SimDialect;
  /**
   * The same dialect for one pump of a New Era network or a Harvard chain: lines go to
   * `address`, and replies read as a lone pump's would, so one scenario fits any address.
   * Absent for devices that have no address (the HAI pump).
   */
  atAddress?(address: number): Dialect;
}
