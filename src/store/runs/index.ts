/** Accuracy runs kept in the store: runs + run_samples tables. */
export { insertRun, listRuns, getRun, getRunSamples, type StoredRun } from './runs.ts';
export { runSummaryJson } from './json.ts';
