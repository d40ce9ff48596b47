/** What the controller takes and what it reports. */
import type { Clock } from '../model/clock.ts';
import type { PumpProfile } from '../model/index.ts';
import type { DeviceEvent, DeviceIdentity, PumpDevice, RestartEvidence } from '../devices/pump-device.ts';
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
  /** Real time for that wait (never the model's clock). Default: the wall clock. */
  linkClock?: Clock;
  /**
   * Rate-settable devices: how often (model ms) the pump is asked whether it still runs, so a
   * pump that restarted (and so stopped) is found and started again. Default in scaled time:
   * one real second's worth (1000 × speed); in virtual time only when given.
   */
  watchEveryMs?: number;
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
  /**
   * Volume the device's counter lost in restarts (it went back below what was read before) and
   * that is counted anyway: deviceDeliveredMl = counterEndMl − counterStartMl + this. Absent
   * when nothing was lost (always in lockstep, where the lost time is delivered again).
   */
  counterCorrectionMl?: number;
  withinTolerance: boolean;
}

/** A device event as the run saw it: `atMs` is model time (the driver's own stamp is dropped). */
export type DeviceEventRecord = DeviceEvent;

/**
 * A restart of the device during the run, and what the controller did about it. In lockstep
 * the driver re-anchors time on the device's own clock, so nothing is counted twice and what
 * the restart lost is delivered again; on a rate-settable pump the rate and RUN are sent again,
 * and the count goes on from the pump's own (NVM-kept) counter.
 */
export interface RestartRecord {
  /** Model time when the driver found it. */
  atMs: number;
  day: number;
  how: RestartEvidence;
  evidence: RestartEvidence[];
  /** One line for people: what showed it, what it lost. */
  detail: string;
  /** Device time the restart lost (since its last NVM commit), made up again in lockstep. */
  lostDeviceMs: number | null;
  /** Counter readings around it (rate mode: a counter that went back is kept monotonic). */
  counterBeforeMl: number | null;
  counterAfterMl: number | null;
}

export interface ControllerResult {
  identity: DeviceIdentity;
  mode: TimeMode;
  simulation: SimulationResult;
  comparisons: Comparison[];
  ledger: LedgerEntry[];
  reconciliation: Reconciliation;
  linkEpisodes: LinkEpisode[];
  restarts: RestartRecord[];
  deviations: number;
  deviceEvents: DeviceEventRecord[];
  /** Things the user should know: device refusals, values the device could not take. */
  notes: string[];
}
