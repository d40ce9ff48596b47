import type { StoredRun } from './runs.ts';

/** A stored run's summary, as `haipump runs list --json` and `runs show --json` give it and the dashboard lists it. */
export function runSummaryJson(run: StoredRun): Record<string, unknown> {
  return {
    id: run.id,
    startedAt: new Date(run.startedAtMs).toISOString(),
    pump: run.pump,
    balance: run.balance,
    rateMlPerH: run.rateMlPerH,
    minutes: run.minutes,
    intervalS: run.intervalS,
    speed: run.speed,
    overallErrorPct: run.overallErrorPct,
    samples: run.samples,
    outDir: run.outDir,
  };
}
