/**
 * A stored accuracy run as the page opens it: the summary and result `runs show` gives, and the
 * three plots drawn from the stored samples by the same chart specs `accuracy` wrote its files with.
 */
import { chartSpecs } from '../../accuracy/charts/index.ts';
import { analyseLiveRun, liveChartMeta, type LiveRunSetup } from '../../accuracy/live/index.ts';
import type { Db } from '../../store/index.ts';
import { getRun, getRunSamples, runSummaryJson, type StoredRun } from '../../store/runs/index.ts';

export interface StoredRunPage {
  summary: Record<string, unknown>;
  result: unknown;
  label: string | null;
  syringe: string | null;
  /** null when the stored samples cannot be analysed again (the reason says why). */
  charts: Record<'startup' | 'trumpet' | 'flow', unknown> | null;
  chartsProblem: string | null;
}

/** The list's row: label, pump, syringe, date and result. */
export function storedRunRow(run: StoredRun): Record<string, unknown> {
  const result = recordOf(run.result);
  const iso = recordOf(result.iso28620);
  const verdict = recordOf(result.verdict);
  return {
    ...runSummaryJson(run),
    label: stringOr(result.label),
    syringe: stringOr(result.syringe),
    pass: typeof iso.pass === 'boolean' ? iso.pass : typeof verdict.ok === 'boolean' ? verdict.ok : null,
  };
}

export function storedRunPage(db: Db, id: number): StoredRunPage | undefined {
  const run = getRun(db, id);
  if (run === undefined) return undefined;
  const result = recordOf(run.result);
  const page: StoredRunPage = {
    summary: runSummaryJson(run),
    result: run.result,
    label: stringOr(result.label),
    syringe: stringOr(result.syringe),
    charts: null,
    chartsProblem: null,
  };
  try {
    const period = recordOf(result.period);
    const setup: LiveRunSetup = {
      pump: run.pump,
      balance: run.balance,
      rateMlPerH: run.rateMlPerH,
      minutes: run.minutes,
      intervalS: run.intervalS,
      speed: run.speed,
      readMode: result.readMode === 'stable' ? 'stable' : 'immediate',
      densityGPerMl: run.densityGPerMl,
      densitySource: stringOr(result.densitySource) ?? 'stored',
      startedAtIso: new Date(run.startedAtMs).toISOString(),
      syringe: stringOr(result.syringe),
      label: stringOr(result.label),
      // The period the run was analysed over, so the plots shade the same one.
      ...(typeof period.startMin === 'number' && typeof period.endMin === 'number'
        ? { startMin: period.startMin, endMin: period.endMin }
        : {}),
    };
    const samples = getRunSamples(db, id);
    const report = analyseLiveRun(setup, {
      samples,
      startedAtMs: run.startedAtMs,
      pumpDeliveredMl: { atStart: 0, atEnd: null },
      interrupted: false,
    });
    page.charts = chartSpecs(report.analysis, liveChartMeta(report, run.id));
  } catch (error) {
    page.chartsProblem = error instanceof Error ? error.message : String(error);
  }
  return page;
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function stringOr(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
