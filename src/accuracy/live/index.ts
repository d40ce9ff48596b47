/** Live gravimetric accuracy runs: a pump, a balance, a clock; then the analysis and its files. */
export { runLiveAccuracy, type LiveRunOptions } from './run.ts';
export { analyseLiveRun, liveReportJson, liveSamplesCsv, writeLiveOutputs, OUTPUT_FILES, type LiveReport, type LiveRunSetup } from './report.ts';
export { livePeriod, fittingWindows } from './analysis-period.ts';
export { progressLine } from './progress.ts';
export type { BalanceReader, LiveRunResult, LiveSample, ReadMode, RunPump } from './types.ts';
export { parsePumpSpec, openPump, openBalance, PUMP_SPEC_HELP, type PumpSpec } from './open-devices.ts';
