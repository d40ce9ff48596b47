import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyse, type Analysis } from '../analysis.ts';
import { checkIso28620, type Iso28620Result } from '../iso28620.ts';
import type { ChartMeta } from '../charts/meta.ts';
import { chartFiles } from '../charts/render.ts';
import { analysisSummary, roundTo } from '../summary.ts';
import { fittingWindows, livePeriod } from './analysis-period.ts';
import type { LiveRunResult, LiveSample, ReadMode } from './types.ts';

export interface LiveRunSetup {
  pump: string;
  balance: string;
  balanceInfo?: { model: string; serial: string; capacityG: number } | undefined;
  rateMlPerH: number;
  minutes: number;
  intervalS: number;
  speed: number;
  readMode: ReadMode;
  densityGPerMl: number;
  densitySource: string;
  startMin?: number;
  endMin?: number;
  startedAtIso: string;
  /** The syringe the pump was set up for (`--syringe`), for the report and the plots' subtitle. */
  syringe?: string | null;
  /** A free-text name for the run, for the report and the plots' subtitle. */
  label?: string | null;
}

export interface LiveReport {
  setup: LiveRunSetup;
  run: LiveRunResult;
  analysis: Analysis;
  iso28620: Iso28620Result;
}

export const OUTPUT_FILES = {
  csv: 'samples.csv',
  json: 'result.json',
  startup: 'startup.svg',
  trumpet: 'trumpet.svg',
  flow: 'flow.svg',
} as const;

/** Analyses a live run (pure; throws AccuracyError when the samples cannot be analysed). */
export function analyseLiveRun(setup: LiveRunSetup, run: LiveRunResult): LiveReport {
  const period = livePeriod(setup.minutes, setup.intervalS, setup.startMin, setup.endMin);
  const analysis = analyse({
    samples: run.samples,
    rateMlPerH: setup.rateMlPerH,
    densityGPerMl: setup.densityGPerMl,
    intervalS: setup.intervalS,
    startMin: period.startMin,
    endMin: period.endMin,
    windowsMin: fittingWindows(period, setup.intervalS),
    startupEndMin: Math.min(120, setup.minutes),
  });
  return { setup, run, analysis, iso28620: checkIso28620(analysis.periodFlowSeries, setup.rateMlPerH) };
}

/** `time_s,mass_g,stable`: the first two columns are what `haipump trumpet` reads; the third is ignored there. */
export function liveSamplesCsv(samples: readonly LiveSample[]): string {
  return `time_s,mass_g,stable\n${samples.map((s) => `${s.atS},${s.massG},${s.stable ? 1 : 0}`).join('\n')}\n`;
}

/** The result document (result.json, and `--json` on stdout). */
export function liveReportJson(report: LiveReport): Record<string, unknown> {
  const { setup, run, analysis: a, iso28620: iso } = report;
  const first = run.samples[0];
  const last = run.samples.at(-1);
  const balanceMl = first !== undefined && last !== undefined ? (last.massG - first.massG) / a.densityGPerMl : null;
  const pumpMl = run.pumpDeliveredMl.atEnd === null ? null : run.pumpDeliveredMl.atEnd - run.pumpDeliveredMl.atStart;
  return {
    ...analysisSummary(a, iso, setup.densitySource),
    startedAt: setup.startedAtIso,
    pump: setup.pump,
    syringe: setup.syringe ?? null,
    label: setup.label ?? null,
    balance: setup.balance,
    balanceInfo: setup.balanceInfo ?? null,
    rateMlPerH: setup.rateMlPerH,
    rateMlPerDay: setup.rateMlPerH * 24,
    minutes: setup.minutes,
    intervalS: setup.intervalS,
    speed: setup.speed,
    readMode: setup.readMode,
    samples: run.samples.length,
    interrupted: run.interrupted,
    // The pump's own count against the balance over the whole run: a cross-check of the set-up.
    volumes: {
      balanceMl: balanceMl === null ? null : roundTo(balanceMl, 5),
      pumpCountMl: pumpMl === null ? null : roundTo(pumpMl, 5),
    },
    files: OUTPUT_FILES,
  };
}

/** What the plots of a live run say about it: the run id (null before it is stored), pump, syringe, start time. */
export function liveChartMeta(report: LiveReport, runId: number | null): ChartMeta {
  const { setup } = report;
  return { runId, label: setup.label ?? null, device: setup.pump, syringe: setup.syringe ?? null, dateIso: setup.startedAtIso };
}

/** Writes samples.csv, result.json and the three SVG plots into `dir` (created if needed). */
export async function writeLiveOutputs(dir: string, report: LiveReport, meta: ChartMeta): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true });
  const plots = await chartFiles(report.analysis, meta);
  const contents: Record<keyof typeof OUTPUT_FILES, string> = {
    csv: liveSamplesCsv(report.run.samples),
    json: `${JSON.stringify(liveReportJson(report), null, 2)}\n`,
    ...plots,
  };
  const written: Record<string, string> = {};
  for (const key of Object.keys(OUTPUT_FILES) as (keyof typeof OUTPUT_FILES)[]) {
    const path = join(dir, OUTPUT_FILES[key]);
    await writeFile(path, contents[key]);
    written[key] = path;
  }
  return written;
}
