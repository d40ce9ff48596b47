/** The controller: plays a lifecycle scenario on a PumpDevice and checks it against the model. */
export { playScenario } from './player.ts';
export { runVerdict, type RunVerdict } from './verdict.ts';
export { DEFAULT_TOLERANCE, deviationOf, type Tolerance, type Deviation } from './tolerance.ts';
export { LinkGuard, LinkGaveUpError, linkTroubleOf, type LinkTrouble, type GuardedOp } from './link-guard.ts';
export type {
  ControllerOptions,
  ControllerResult,
  Comparison,
  LedgerEntry,
  LinkEpisode,
  RateProgress,
  Reconciliation,
  DeviceEventRecord,
  RestartRecord,
  TimeMode,
} from './types.ts';
