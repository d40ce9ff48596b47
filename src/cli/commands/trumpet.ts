import type { Command } from 'commander';
import * as z from 'zod';
import { analyse, type Analysis } from '../../accuracy/analysis.ts';
import { AccuracyError } from '../../accuracy/errors.ts';
import { readSamplesCsvFile } from '../../accuracy/csv.ts';
import { checkIso28620, type Iso28620Result } from '../../accuracy/iso28620.ts';
import { analysisSummary } from '../../accuracy/summary.ts';
import { trumpetSvg } from '../../accuracy/svg.ts';
import { reportOutcome } from '../io.ts';
import { numberFlag, numberListFlag, parseOptions, print, printJson } from '../shared.ts';
import { writeFileAtomically } from '../write-file.ts';
import { GRAVIMETRIC_FIELDS, ONE_DENSITY_ISSUE, addDensityFlags, addRateFlags, densityOf, oneDensity } from './gravimetric-flags.ts';

const optionsSchema = z
  .object({
    ...GRAVIMETRIC_FIELDS,
    startMin: numberFlag.refine((m) => m >= 0, 'must be ≥ 0').default(60),
    endMin: numberFlag.default(120),
    windows: numberListFlag.pipe(z.array(z.number().positive()).min(1)).optional(),
    json: z.boolean().default(false),
    svg: z.string().min(1).optional(),
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
    .action(async (file: string, raw: unknown) => {
      const options = parseOptions(optionsSchema, raw);
      const report = run(file, options);
      if (options.svg !== undefined) writeFileAtomically(options.svg, trumpetSvg(report.analysis), '--svg');
      if (options.json) printJson(toJson(report));
      else print(humanReport(report));
      // ISO 28620's two criteria are the pass/fail this analysis has: a FAIL is a wrong result.
      if (!report.iso28620.pass) reportOutcome('wrong');
    });
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
