import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { AccuracyError } from '../../accuracy/errors.ts';
import { analyse, type Analysis } from '../../accuracy/analysis.ts';
import { CsvError, parseSamplesCsv } from '../../accuracy/csv.ts';
import { DEFAULT_DENSITY_G_PER_ML, waterDensityGPerMl } from '../../accuracy/density.ts';
import { checkIso28620, type Iso28620Result } from '../../accuracy/iso28620.ts';
import { analysisSummary } from '../../accuracy/summary.ts';
import { trumpetSvg } from '../../accuracy/svg.ts';
import { CliError, numberFlag, parseOptions } from '../shared.ts';

const optionsSchema = z
  .object({
    rate: numberFlag.refine((r) => r > 0, 'must be a positive rate in mL/h'),
    intervalS: numberFlag.refine((s) => s > 0, 'must be positive').default(30),
    startMin: numberFlag.refine((m) => m >= 0, 'must be ≥ 0').default(60),
    endMin: numberFlag.default(120),
    density: numberFlag.optional(),
    waterTempC: numberFlag.optional(),
    windows: z
      .string()
      .transform((list) => list.split(',').map((item) => Number(item.trim())))
      .refine((list) => list.length > 0 && list.every((p) => Number.isFinite(p) && p > 0), 'must be a comma-separated list of minutes')
      .optional(),
    json: z.boolean().default(false),
    svg: z.string().min(1).optional(),
  })
  .refine((o) => o.density === undefined || o.waterTempC === undefined, {
    message: 'give --density or --water-temp-c, not both',
    path: ['density'],
  })
  .refine((o) => o.endMin > o.startMin, { message: 'must be after --start-min', path: ['endMin'] });

type TrumpetOptions = z.output<typeof optionsSchema>;

export function register(program: Command): void {
  program
    .command('trumpet')
    .description('gravimetric flow accuracy of a recorded run (IEC 60601-2-24 style, not compliant): trumpet curve and overall error')
    .argument('<file>', 'CSV of the run: time (s), mass (g); header row allowed; comma or semicolon')
    .requiredOption('--rate <mlPerH>', 'set rate r (mL/h)')
    .option('--interval-s <s>', 'sampling interval S (s)', '30')
    .option('--start-min <min>', 'analysis period start (min)', '60')
    .option('--end-min <min>', 'analysis period end (min)', '120')
    .option('--density <gPerMl>', 'density of the collected liquid (g/mL); default water at 20 °C')
    .option('--water-temp-c <c>', 'water temperature (°C), for the density (Tanaka 2001)')
    .option('--windows <list>', 'observation windows P (min), comma-separated; default 2,5,11,19,31')
    .option('--json', 'machine-readable output')
    .option('--svg <file>', 'write the trumpet plot as SVG')
    .action(async (file: string, raw: unknown) => {
      const options = parseOptions(optionsSchema, raw);
      const report = await run(file, options);
      if (options.svg !== undefined) await writeOut(options.svg, trumpetSvg(report.analysis));
      if (options.json) process.stdout.write(`${JSON.stringify(toJson(report), null, 2)}\n`);
      else process.stdout.write(humanReport(report));
    });
}

interface Report {
  file: string;
  densitySource: string;
  analysis: Analysis;
  iso28620: Iso28620Result;
}

async function run(file: string, options: TrumpetOptions): Promise<Report> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  });
  try {
    const samples = parseSamplesCsv(text);
    const { densityGPerMl, densitySource } = density(options);
    const analysis = analyse({
      samples,
      rateMlPerH: options.rate,
      densityGPerMl,
      intervalS: options.intervalS,
      startMin: options.startMin,
      endMin: options.endMin,
      windowsMin: options.windows,
    });
    return { file, densitySource, analysis, iso28620: checkIso28620(analysis.periodFlowSeries, options.rate) };
  } catch (error) {
    if (error instanceof CsvError || error instanceof AccuracyError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

function density(options: TrumpetOptions): { densityGPerMl: number; densitySource: string } {
  if (options.density !== undefined) return { densityGPerMl: options.density, densitySource: 'given' };
  if (options.waterTempC !== undefined) {
    return { densityGPerMl: waterDensityGPerMl(options.waterTempC), densitySource: `water at ${options.waterTempC} °C, Tanaka 2001` };
  }
  return { densityGPerMl: DEFAULT_DENSITY_G_PER_ML, densitySource: 'water at 20 °C, default' };
}

async function writeOut(path: string, content: string): Promise<void> {
  await writeFile(path, content).catch((error: unknown) => {
    throw new CliError(`cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`);
  });
}

function toJson(report: Report): unknown {
  return { file: report.file, ...analysisSummary(report.analysis, report.iso28620, report.densitySource) };
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
