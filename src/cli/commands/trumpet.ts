import { mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import * as z from 'zod';
import { analyse, type Analysis } from '../../accuracy/analysis.ts';
import type { ChartMeta } from '../../accuracy/charts/meta.ts';
import { chartFiles } from '../../accuracy/charts/render.ts';
import { AccuracyError } from '../../accuracy/errors.ts';
import { readSamplesCsvFile } from '../../accuracy/csv.ts';
import { checkIso28620, type Iso28620Result } from '../../accuracy/iso28620.ts';
import { OUTPUT_FILES } from '../../accuracy/live/report.ts';
import { analysisSummary } from '../../accuracy/summary.ts';
import { describeError } from '../../model/errors.ts';
import { reportOutcome } from '../io.ts';
import { CliError, numberFlag, numberListFlag, parseOptions, print, printJson } from '../shared.ts';
import { writeFileAtomically } from '../write-file.ts';
import { GRAVIMETRIC_FIELDS, ONE_DENSITY_ISSUE, addDensityFlags, addRateFlags, densityOf, oneDensity } from './gravimetric-flags.ts';

/** A day, or a moment with its zone: a time without one would mean whatever zone the machine is in. */
const ISO_DATE_OR_ZONED_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

const optionsSchema = z
  .object({
    ...GRAVIMETRIC_FIELDS,
    startMin: numberFlag.refine((m) => m >= 0, 'must be ≥ 0').default(60),
    endMin: numberFlag.default(120),
    windows: numberListFlag.pipe(z.array(z.number().positive()).min(1)).optional(),
    json: z.boolean().default(false),
    svg: z.string().min(1).optional(),
    startupSvg: z.string().min(1).optional(),
    flowSvg: z.string().min(1).optional(),
    plots: z.string().min(1).optional(),
    device: z.string().min(1).optional(),
    syringe: z.string().min(1).optional(),
    date: z
      .string()
      .refine(
        (text) => ISO_DATE_OR_ZONED_TIME.test(text) && Number.isFinite(Date.parse(text)),
        'expected a date (2026-12-05) or a date-time with its zone (2026-12-05T14:03Z)',
      )
      .optional(),
  })
  .refine(oneDensity, ONE_DENSITY_ISSUE)
  .refine((o) => o.endMin > o.startMin, { message: 'must be after --start-min', path: ['endMin'] });

type TrumpetOptions = z.output<typeof optionsSchema>;

export function configure(command: Command): void {
  command.argument('<file>', 'CSV of the run: time (s), mass (g); header row allowed; comma or semicolon; at most 64 MiB');
  addRateFlags(command)
    .option('--start-min <min>', 'analysis period start (min)', '60')
    .option('--end-min <min>', 'analysis period end (min)', '120');
  addDensityFlags(command)
    .option('--windows <list>', 'observation windows P (min), comma-separated; default 2,5,11,19,31')
    .option('--json', 'machine-readable output')
    .option('--svg <file>', 'write the trumpet plot as SVG')
    .option('--startup-svg <file>', 'write the start-up curve as SVG')
    .option('--flow-svg <file>', 'write flow vs time over the whole run as SVG')
    .option('--plots <dir>', `write ${OUTPUT_FILES.startup}, ${OUTPUT_FILES.trumpet} and ${OUTPUT_FILES.flow} into DIR (created if needed)`)
    .option('--device <text>', "the pump, for the plots' subtitle (default: recorded file)")
    .option('--syringe <name>', "the syringe, for the plots' subtitle, e.g. bd-plastipak-60ml")
    .option('--date <iso>', "when the run was recorded, for the plots' subtitle (default: the file's modification time)")
    .action(async (file: string, raw: unknown) => {
      const options = parseOptions(optionsSchema, raw);
      const report = run(file, options);
      await writePlots(report, options);
      if (options.json) printJson(toJson(report));
      else print(humanReport(report));
      // ISO 28620's two criteria are the pass/fail this analysis has: a FAIL is a wrong result.
      if (!report.iso28620.pass) reportOutcome('wrong');
    });
}

/** Every plot the flags ask for, rendered once each, written through a temporary file. */
async function writePlots(report: Report, options: TrumpetOptions): Promise<void> {
  const targets: { kind: 'startup' | 'trumpet' | 'flow'; file: string; flag: string }[] = [];
  if (options.svg !== undefined) targets.push({ kind: 'trumpet', file: options.svg, flag: '--svg' });
  if (options.startupSvg !== undefined) targets.push({ kind: 'startup', file: options.startupSvg, flag: '--startup-svg' });
  if (options.flowSvg !== undefined) targets.push({ kind: 'flow', file: options.flowSvg, flag: '--flow-svg' });
  if (options.plots !== undefined) {
    plotsDirectory(options.plots);
    for (const kind of ['startup', 'trumpet', 'flow'] as const) {
      targets.push({ kind, file: join(options.plots, OUTPUT_FILES[kind]), flag: '--plots' });
    }
  }
  if (targets.length === 0) return;
  const svgs = await chartFiles(report.analysis, fileChartMeta(report.file, options));
  for (const target of targets) writeFileAtomically(target.file, svgs[target.kind], target.flag);
}

/** `--plots DIR`: made if missing (like `accuracy --out`); a file in its place is a usage error. */
function plotsDirectory(dir: string): void {
  let isDirectory: boolean | undefined;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    isDirectory = undefined;
  }
  if (isDirectory === false) throw new CliError(`--plots ${dir}: is not a directory`, 'usage');
  if (isDirectory === true) return;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new CliError(`--plots ${dir}: cannot create the directory (${describeError(error)})`, 'failure');
  }
}

/** A recorded file has no run id: the subtitle names the file, and the day it was recorded (its mtime unless --date). */
function fileChartMeta(file: string, options: TrumpetOptions): ChartMeta {
  return {
    runId: null,
    source: basename(file),
    device: options.device ?? 'recorded file',
    syringe: options.syringe ?? null,
    dateIso: options.date ?? statSync(file).mtime.toISOString(),
  };
}

interface Report {
  file: string;
  densitySource: string;
  analysis: Analysis;
  iso28620: Iso28620Result;
}

function run(file: string, options: TrumpetOptions): Report {
  const samples = readSamplesCsvFile(file);
  const { densityGPerMl, densitySource } = densityOf(options);
  let analysis: Analysis;
  try {
    analysis = analyse({
      samples,
      rateMlPerH: options.rate,
      densityGPerMl,
      intervalS: options.intervalS,
      startMin: options.startMin,
      endMin: options.endMin,
      windowsMin: options.windows,
    });
  } catch (error) {
    // The analysis refuses what is in the file (a gap, too few samples): say which file.
    if (error instanceof AccuracyError) throw new AccuracyError(error.code, `${file}: ${error.message}`);
    throw error;
  }
  return { file, densitySource, analysis, iso28620: checkIso28620(analysis.periodFlowSeries, options.rate) };
}

function toJson(report: Report): unknown {
  const verdict = report.iso28620.pass ? { ok: true, reasons: [] } : { ok: false, reasons: ['ISO 28620 criteria not met'] };
  return { verdict, file: report.file, ...analysisSummary(report.analysis, report.iso28620, report.densitySource) };
}

function humanReport(report: Report): string {
  const a = report.analysis;
  const iso = report.iso28620;
  const pct = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(2)} %`.padStart(10);
  const lines = [
    `${report.file}: set rate ${a.rateMlPerH} mL/h, period ${a.period.startMin}–${a.period.endMin} min, ${a.intervals} intervals of ${a.intervalS} s`,
    `density ${a.densityGPerMl.toFixed(5)} g/mL (${report.densitySource})`,
    `mean flow ${a.meanFlowMlPerH.toFixed(4)} mL/h, overall error A ${pct(a.overallErrorPct).trim()}`,
    '',
    '  P (min)    k    m    Ep(max)    Ep(min)',
    ...a.windows.map(
      (w) => `${String(w.minutes).padStart(9)}${String(w.k).padStart(5)}${String(w.m).padStart(5)} ${pct(w.epMaxPct)} ${pct(w.epMinPct)}`,
    ),
    '',
    `ISO 28620: mean ${pct(iso.meanErrorPct).trim()} (±15 %) ${iso.meanPass ? 'pass' : 'FAIL'}; ` +
      `${iso.inBandPct.toFixed(1)} % of volume within ±50 % (≥ 80 %) ${iso.inBandPass ? 'pass' : 'FAIL'}`,
    'IEC 60601-2-24 style, not compliant.',
  ];
  return `${lines.join('\n')}\n`;
}
