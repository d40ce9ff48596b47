/**
 * `haipump accuracy --pump DEV --balance mtsics:PATH[@BAUD] --rate R --minutes M`: a live
 * gravimetric run. Sets and starts the pump, samples the balance every S s, writes CSV, JSON and
 * the three SVG plots into --out, stores the run (haipump runs), stops the pump at the end, on
 * error and on SIGINT. --speed S compresses time for emulators started with the same speed.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import * as z from 'zod';
import { MTSICS_FACTORY_BAUD } from '../../../protocols/mtsics/index.ts';
import { AccuracyError } from '../../accuracy/errors.ts';
import {
  analyseLiveRun,
  liveChartMeta,
  liveReportJson,
  liveSamplesCsv,
  openBalance,
  openPump,
  parsePumpSpec,
  progressLine,
  PUMP_SPEC_HELP,
  runLiveAccuracy,
  writeLiveOutputs,
  type LiveReport,
  type LiveRunResult,
  type LiveRunSetup,
  type LiveSample,
} from '../../accuracy/live/index.ts';
import type { MtSicsBalance } from '../../devices/mtsics/index.ts';
import { parseBalanceSpec } from '../../devices/mtsics/index.ts';
import type { OpenedDevice } from '../../devices/index.ts';
import { RealClock, ScaledClock } from '../../model/clock.ts';
import { insertRun } from '../../store/runs/index.ts';
import { describeError } from '../../model/errors.ts';
import { errorKind } from '../exit-codes.ts';
import { reportOutcome, stderr, stdout } from '../io.ts';
import { CliError, numberFlag, parseOptions, print, printJson } from '../shared.ts';
import { DB_FLAG_HELP, withStore } from './store-common.ts';
import { DASHBOARD_FLAG_HELP, DashboardUrlSchema, dashboardPublisher } from '../dashboard-flag.ts';
import { GRAVIMETRIC_FIELDS, ONE_DENSITY_ISSUE, addDensityFlags, addRateFlags, densityOf, oneDensity } from './gravimetric-flags.ts';
import { mkdir, writeFile } from 'node:fs/promises';

const optionsSchema = z
  .object({
    pump: z.string().refine((s) => parsePumpSpec(s) !== undefined, `expected ${PUMP_SPEC_HELP}`),
    balance: z.string().refine((s) => parseBalanceSpec(s) !== undefined, 'expected mtsics:PATH[@BAUD]'),
    ...GRAVIMETRIC_FIELDS,
    minutes: numberFlag.refine((m) => m > 0, 'must be positive'),
    out: z.string().min(1).optional(),
    speed: numberFlag.refine((s) => s > 0 && s <= 10_000, 'must be in (0, 10000]').default(1),
    read: z.enum(['immediate', 'stable']).default('immediate'),
    syringe: z.string().min(1).optional(),
    startMin: numberFlag.optional(),
    endMin: numberFlag.optional(),
    db: z.string().min(1).optional(),
    label: z.string().min(1).max(200).optional(),
    dashboard: DashboardUrlSchema.optional(),
    store: z.boolean().default(true),
    json: z.boolean().default(false),
  })
  .refine(oneDensity, ONE_DENSITY_ISSUE)
  .refine((o) => (o.startMin === undefined) === (o.endMin === undefined), {
    message: 'give both --start-min and --end-min',
    path: ['startMin'],
  });
type AccuracyOptions = z.output<typeof optionsSchema>;

export function configure(command: Command): void {
  command
    .requiredOption('--pump <dev>', PUMP_SPEC_HELP)
    .requiredOption('--balance <dev>', `mtsics:PATH[@BAUD] (MT-SICS, default ${MTSICS_FACTORY_BAUD} baud)`);
  addRateFlags(command)
    .requiredOption('--minutes <m>', 'run length (min); 120 for the standard test')
    .option('--out <dir>', 'output directory (default haipump-runs/<start time>)')
    .option('--speed <s>', 'emulators only: time compression; start the emulators with the same --speed', '1')
    .option('--read <mode>', 'immediate (SI, default: the mass at the sample time) or stable (S, falls back to SI on S I)', 'immediate')
    .option('--syringe <name>', 'syringe (sets the pump diameter), e.g. bd-plastipak-60ml');
  addDensityFlags(command)
    .option('--start-min <min>', 'analysis period start (default 60, or half of a shorter run)')
    .option('--end-min <min>', 'analysis period end (default 120, or the end of a shorter run)')
    .option('--db <file>', DB_FLAG_HELP)
    .option('--label <text>', 'a name for the run, shown in runs list, the dashboard and on every plot')
    .option('--dashboard <url>', DASHBOARD_FLAG_HELP)
    .option('--no-store', 'do not keep the run in the store')
    .option('--json', 'print the result JSON on stdout (progress goes to stderr)')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(optionsSchema, raw);
      await accuracyCommand(options);
    });
}

/** The whole command, callable from tests. Returns the report (undefined if the analysis failed). */
export async function accuracyCommand(options: AccuracyOptions): Promise<LiveReport | undefined> {
  const pumpSpec = parsePumpSpec(options.pump);
  if (pumpSpec === undefined) throw new CliError(`--pump: expected ${PUMP_SPEC_HELP}`, 'usage');
  // The store must be there before the run, not found missing after two hours of weighing.
  if (options.store) withStore(options.db, 'write', () => undefined);
  const startedAt = new Date();
  const outDir = options.out ?? join('haipump-runs', startedAt.toISOString().replace(/[:.]/g, '-'));
  const { densityGPerMl, densitySource } = densityOf(options);
  const progress = stderr();
  const say = (text: string): void => void (options.json ? progress : stdout()).write(`${text}\n`);

  const publisher = dashboardPublisher(options.dashboard);
  const runKey = `accuracy-${startedAt.toISOString()}-${process.pid}`;
  const publish = (message: Record<string, unknown>): void => publisher?.publish({ ...message, runKey });
  publish({
    type: 'setup',
    pump: options.pump,
    balance: options.balance,
    syringe: options.syringe ?? null,
    label: options.label ?? null,
    rateMlPerH: options.rate,
    minutes: options.minutes,
    intervalS: options.intervalS,
    speed: options.speed,
    densityGPerMl,
    startedAtIso: startedAt.toISOString(),
    ...(options.startMin === undefined ? {} : { startMin: options.startMin, endMin: options.endMin }),
  });
  // The page shows a run that failed too, with the reason, before the command exits.
  const fail = async (what: 'pump' | 'balance' | 'run', error: unknown): Promise<never> => {
    if (what !== 'run') publish({ type: 'link', device: what, state: 'down', detail: describeError(error).slice(0, 500) });
    publish({ type: 'end', status: 'failed', runId: null, message: `${what}: ${describeError(error)}`.slice(0, 500) });
    await publisher?.flush();
    throw new CliError(`${what}: ${describeError(error)}`, errorKind(error));
  };
  let balance: MtSicsBalance | undefined;
  let opened: OpenedDevice | undefined;
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let run: LiveRunResult;
  let balanceInfo: LiveRunSetup['balanceInfo'];
  try {
    publish({ type: 'link', device: 'balance', state: 'connecting' });
    balance = await openBalance(options.balance).catch((error: unknown) => fail('balance', error));
    const info = await balance.identify().catch((error: unknown) => fail('balance', error));
    publish({ type: 'link', device: 'balance', state: 'up', detail: `${info.model}, serial ${info.serial}` });
    balanceInfo = { model: info.model, serial: info.serial, capacityG: info.capacityG };
    say(`balance: ${info.model} (${info.capacityG} g), serial ${info.serial}`);
    publish({ type: 'link', device: 'pump', state: 'connecting' });
    opened = await openPump(pumpSpec, { syringe: options.syringe }).catch((error: unknown) => fail('pump', error));
    const pump = opened.device;
    publish({ type: 'link', device: 'pump', state: 'up' });
    say(
      `pump: ${options.pump}; rate ${options.rate} mL/h for ${options.minutes} min, a sample every ${options.intervalS} s${options.speed === 1 ? '' : `, ${options.speed}× speed`}`,
    );
    const clock = options.speed === 1 ? new RealClock() : new ScaledClock(options.speed);
    let previous: LiveSample | undefined;
    const tty = progress.isTTY === true;
    run = await runLiveAccuracy({
      pump,
      balance,
      rateMlPerH: options.rate,
      minutes: options.minutes,
      intervalS: options.intervalS,
      readMode: options.read,
      clock,
      signal: abort.signal,
      onSample: (sample, index, total) => {
        const line = progressLine(sample, previous, { index, total, plannedMin: options.minutes }, densityGPerMl);
        previous = sample;
        progress.write(tty ? `\r${line}` : `${line}\n`);
        publish({ type: 'sample', index, total, atS: sample.atS, massG: sample.massG, stable: sample.stable });
      },
    }).catch((error: unknown) => fail('run', error));
    if (tty) progress.write('\n');
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await opened?.close().catch(() => undefined);
    await balance?.close().catch(() => undefined);
  }
  if (run.interrupted) say(`interrupted after ${run.samples.length} samples; pump stopped`);

  const setup: LiveRunSetup = {
    pump: options.pump,
    balance: options.balance,
    balanceInfo,
    rateMlPerH: options.rate,
    minutes: options.minutes,
    intervalS: options.intervalS,
    speed: options.speed,
    readMode: options.read,
    densityGPerMl,
    densitySource,
    syringe: options.syringe ?? null,
    label: options.label ?? null,
    ...(options.startMin === undefined ? {} : { startMin: options.startMin }),
    ...(options.endMin === undefined ? {} : { endMin: options.endMin }),
    startedAtIso: startedAt.toISOString(),
  };
  let report: LiveReport;
  try {
    report = analyseLiveRun(setup, run);
  } catch (error) {
    // Keep the data even when it cannot be analysed (too short, a gap): it cost a run to get.
    await mkdir(outDir, { recursive: true });
    await writeFile(join(outDir, 'samples.csv'), liveSamplesCsv(run.samples));
    publish({ type: 'end', status: 'refused', runId: null, message: describeError(error).slice(0, 500) });
    await publisher?.flush();
    // The run ran, and gave no result that can be trusted.
    if (error instanceof AccuracyError)
      throw new CliError(`samples kept in ${join(outDir, 'samples.csv')}; analysis refused: ${error.message}`, 'wrong');
    throw error;
  }
  const result = { ...liveReportJson(report), outDir };
  let runId: number | undefined;
  if (options.store) {
    runId = withStore(options.db, 'write', (db) =>
      insertRun(db, {
        startedAtMs: startedAt.getTime(),
        pump: options.pump,
        balance: options.balance,
        rateMlPerH: options.rate,
        minutes: options.minutes,
        intervalS: options.intervalS,
        speed: options.speed,
        densityGPerMl,
        overallErrorPct: report.analysis.overallErrorPct,
        outDir,
        result,
        samples: run.samples,
      }),
    );
  }
  // Written after the run is stored, so every plot carries the run's id.
  await writeLiveOutputs(outDir, report, liveChartMeta(report, runId ?? null));
  publish({ type: 'end', status: run.interrupted ? 'interrupted' : 'complete', runId: runId ?? null });
  await publisher?.flush();
  const verdict = report.iso28620.pass ? { ok: true, reasons: [] } : { ok: false, reasons: ['ISO 28620 criteria not met'] };
  if (options.json) printJson({ verdict, ...result, runId: runId ?? null });
  else print(summary(report, outDir, runId));
  if (!verdict.ok) reportOutcome('wrong');
  return report;
}

function summary(report: LiveReport, outDir: string, runId: number | undefined): string {
  const a = report.analysis;
  const pct = (v: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(2)} %`;
  return [
    `period ${a.period.startMin}–${a.period.endMin} min, ${a.intervals} intervals; density ${a.densityGPerMl.toFixed(5)} g/mL (${report.setup.densitySource})`,
    `mean flow ${a.meanFlowMlPerH.toFixed(4)} mL/h, overall error A ${pct(a.overallErrorPct)}`,
    ...a.windows.map(
      (w) => `  P ${String(w.minutes).padStart(2)} min: Ep(max) ${pct(w.epMaxPct).padStart(9)}  Ep(min) ${pct(w.epMinPct).padStart(9)}`,
    ),
    `ISO 28620: mean ${pct(report.iso28620.meanErrorPct)} ${report.iso28620.meanPass ? 'pass' : 'FAIL'}; ${report.iso28620.inBandPct.toFixed(1)} % of volume within ±50 % ${report.iso28620.inBandPass ? 'pass' : 'FAIL'}`,
    `files in ${outDir}: samples.csv result.json startup.svg trumpet.svg flow.svg${runId === undefined ? '' : `; stored as run ${runId}`}`,
    'IEC 60601-2-24 style, not compliant.',
    '',
  ].join('\n');
}
