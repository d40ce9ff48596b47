/** What the controller takes and what it reports. */
import type { Clock } from '../model/clock.ts';
import type { PumpProfile } from '../model/index.ts';
import type { DeviceIdentity, PumpDevice } from '../devices/pump-device.ts';
import type { Scenario, SimulationResult, TimelineEvent } from '../lifecycle/index.ts';
import type { Tolerance } from './tolerance.ts';

/**
 * lockstep: the device has simulated time; the controller runs on a VirtualClock and advances
 *   the device to each next deadline before acting (a year in seconds).
 * virtual: a VirtualClock was injected and the device follows it by itself (tests).
 * scaled: real time × speed; the device runs on its own (a real pump on the bench).
 */
export type TimeMode = 'lockstep' | 'virtual' | 'scaled';

export interface ControllerOptions {
  device: PumpDevice;
  profile: PumpProfile;
  scenario: Scenario;
  days?: number;
  /** Real-time factor for devices without simulated time; 'max' needs one with it. Default 1. */
  speed?: number | 'max';
  /** Overrides the clock the mode would choose (a VirtualClock in tests). */
  clock?: Clock;
  tolerance?: Tolerance;
  /** Device-vs-model comparison cadence in model ms (besides after every step). Default 1 day. */
  compareEveryMs?: number;
  /** Rate-settable devices: how often the model's flow is re-evaluated, model ms. Default 1 h. */
  rateEveryMs?: number;
  /** Real ms to wait for a lost link before the run fails. Default 60 s. */
  linkGiveUpMs?: number;
  /** Acknowledge LINK_LOST once the device is back and re-synchronised (unattended runs). Default true. */
  autoAckLinkLost?: boolean;
  onEvent?: (event: TimelineEvent) => void;
  onComparison?: (comparison: Comparison) => void;
  onProgress?: (progress: RateProgress) => void;
}

export interface Comparison {
  atMs: number;
  day: number;
  why: 'start' | 'step' | 'cadence' | 'end';
  deviceDeliveredMl: number;
  modelDeliveredMl: number;
  deliveredDiffMl: number;
  deviceReservoirMl: number | null;
  modelReservoirMl: number | null;
  reservoirDiffMl: number | null;
  withinTolerance: boolean;
}

/** One stretch of the delivered-volume ledger: contiguous in model time, from the device counter. */
export interface LedgerEntry {
  fromMs: number;
  toMs: number;
  deltaMl: number;
}

export interface LinkEpisode {
  /** Model time when the loss was seen and LINK_LOST raised. */
  atMs: number;
  detail: string;
  restoredAtMs: number | null;
}

export interface RateProgress {
  atMs: number;
  day: number;
  rateMlPerDay: number;
  deviceDeliveredMl: number;
  modelDeliveredMl: number;
}

export interface Reconciliation {
  /** The device's counter at the start and end (its own units: cumulative since manufacture). */
  counterStartMl: number;
  counterEndMl: number;
  deviceDeliveredMl: number;
  modelDeliveredMl: number;
  differenceMl: number;
  /** Sum of the ledger: equals deviceDeliveredMl when nothing was missed or counted twice. */
  ledgerMl: number;
  withinTolerance: boolean;
}

export interface DeviceEventRecord {
  atMs: number;
  type: string;
  detail: Record<string, unknown>;
}

export interface ControllerResult {
  identity: DeviceIdentity;
  mode: TimeMode;
  simulation: SimulationResult;
  comparisons: Comparison[];
  ledger: LedgerEntry[];
  reconciliation: Reconciliation;
  linkEpisodes: LinkEpisode[];
  deviations: number;
  deviceEvents: DeviceEventRecord[];
  /** Things the user should know: device refusals, values the device could not take. */
  notes: string[];
}
