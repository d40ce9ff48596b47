/** Live gravimetric accuracy runs: a pump, a balance, a clock; then the analysis and its files. */
export { runLiveAccuracy } from './run.ts';
export {
  analyseLiveRun,
  liveChartMeta,
  liveReportJson,
  liveSamplesCsv,
  writeLiveOutputs,
  type LiveReport,
  type LiveRunSetup,
} from './report.ts';
export { progressLine } from './progress.ts';
export type { LiveRunResult, LiveSample } from './types.ts';
export { parsePumpSpec, openPump, openBalance, PUMP_SPEC_HELP } from './open-devices.ts';
