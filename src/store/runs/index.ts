/** Accuracy runs kept in the store: runs + run_samples tables. */
export { RUNS_MIGRATION } from './migration.ts';
export { insertRun, listRuns, getRun, getRunSamples, type NewRun, type StoredRun } from './runs.ts';
