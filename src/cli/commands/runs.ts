/**
 * `haipump runs list|show|export`: accuracy runs kept in the store (runs + run_samples tables)
 * by `haipump accuracy`. export writes the samples as the CSV `haipump trumpet` reads.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { liveSamplesCsv } from '../../accuracy/live/index.ts';
import { getRun, getRunSamples, listRuns, type StoredRun } from '../../store/runs/index.ts';
import type { Db } from '../../store/index.ts';
import { CliError, numberFlag, parseOptions, printJson } from '../shared.ts';
import { withStore } from './store-common.ts';

const common = { db: z.string().min(1).optional(), json: z.boolean().default(false) };
const idSchema = numberFlag.pipe(z.number().int().positive());

// The runs tables come with the store's migrations (migration 2).
const withRuns = <T>(dbFlag: string | undefined, work: (db: Db) => T): T => withStore(dbFlag, work);

function requireRun(db: Db, id: number): StoredRun {
  const run = getRun(db, id);
  if (run === undefined) throw new CliError(`no run ${id} (haipump runs list shows the stored runs)`);
  return run;
}

function summaryJson(run: StoredRun): Record<string, unknown> {
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

export function register(program: Command): void {
  const runs = program.command('runs').description('accuracy runs kept in the store');
  runs
    .command('list')
    .description('list stored accuracy runs')
    .option('--db <file>', 'store file')
    .option('--json', 'machine-readable output')
    .action((raw: unknown) => {
      const options = parseOptions(z.object(common), raw);
      const all = withRuns(options.db, listRuns);
      if (options.json) return printJson(all.map(summaryJson));
      if (all.length === 0) return void process.stdout.write('no stored runs\n');
      process.stdout.write(' id  started (UTC)         rate mL/h   min  samples  A (%)     pump\n');
      for (const run of all) {
        const a = run.overallErrorPct === null ? '-' : `${run.overallErrorPct >= 0 ? '+' : ''}${run.overallErrorPct.toFixed(2)}`;
        process.stdout.write(
          `${String(run.id).padStart(3)}  ${new Date(run.startedAtMs).toISOString().slice(0, 19)}  ${String(run.rateMlPerH).padStart(9)}  ${String(run.minutes).padStart(4)}  ${String(run.samples).padStart(7)}  ${a.padStart(7)}  ${run.pump}\n`,
        );
      }
    });
  runs
    .command('show')
    .description('show one run: its stored result (the result.json of the run)')
    .argument('<id>', 'run id')
    .option('--db <file>', 'store file')
    .option('--json', 'machine-readable output')
    .action((id: string, raw: unknown) => {
      const options = parseOptions(z.object(common), raw);
      const runId = parseOptions(idSchema, id, 'invalid run id');
      const run = withRuns(options.db, (db) => requireRun(db, runId));
      if (options.json) return printJson({ ...summaryJson(run), result: run.result });
      process.stdout.write(`${JSON.stringify({ ...summaryJson(run), result: run.result }, null, 2)}\n`);
    });
  runs
    .command('export')
    .description('export a run\'s samples as CSV (time_s,mass_g,stable), the format haipump trumpet reads')
    .argument('<id>', 'run id')
    .option('--db <file>', 'store file')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (id: string, raw: unknown) => {
      const options = parseOptions(z.object({ db: common.db, out: z.string().min(1).optional() }), raw);
      const runId = parseOptions(idSchema, id, 'invalid run id');
      const samples = withRuns(options.db, (db) => {
        requireRun(db, runId);
        return getRunSamples(db, runId);
      });
      const csv = liveSamplesCsv(samples);
      if (options.out === undefined) return void process.stdout.write(csv);
      await writeFile(options.out, csv).catch((error: unknown) => {
        throw new CliError(`cannot write ${options.out}: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
}
