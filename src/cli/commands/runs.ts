/**
 * `haipump runs list|show|export`: accuracy runs kept in the store (runs + run_samples tables)
 * by `haipump accuracy`. export writes the samples as the CSV `haipump trumpet` reads. All three
 * only read, so a read-only database serves them.
 */
import type { Command } from 'commander';
import * as z from 'zod';
import { liveSamplesCsv } from '../../accuracy/live/index.ts';
import { getRun, getRunSamples, listRuns, runSummaryJson, type StoredRun } from '../../store/runs/index.ts';
import { StoreInputError, type Db } from '../../store/index.ts';
import { numberFlag, parseOptions, print, printJson } from '../shared.ts';
import { writeFileAtomically } from '../write-file.ts';
import { databaseLine, DB_FLAG_HELP, withStore } from './store-common.ts';

const common = { db: z.string().min(1).optional(), json: z.boolean().default(false) };
const idSchema = z.object({ id: numberFlag.pipe(z.number().int().positive()) });
const ID_ARG = { args: { id: '<id>' } };

function requireRun(db: Db, id: number): StoredRun {
  const run = getRun(db, id);
  if (run === undefined) throw new StoreInputError(`no run ${id} (haipump runs list shows the stored runs)`);
  return run;
}

export function configure(command: Command): void {
  const runs = command;
  runs
    .command('list')
    .description('list stored accuracy runs')
    .option('--db <file>', DB_FLAG_HELP)
    .option('--json', 'machine-readable output')
    .action((raw: unknown) => {
      const options = parseOptions(z.object(common), raw);
      const all = withStore(options.db, 'read', listRuns);
      if (options.json) return printJson(all.map(runSummaryJson));
      const lines = [databaseLine(options.db)];
      if (all.length === 0) lines.push('no stored runs');
      else lines.push(' id  started (UTC)         rate mL/h   min  samples  A (%)     pump');
      for (const run of all) {
        const a = run.overallErrorPct === null ? '-' : `${run.overallErrorPct >= 0 ? '+' : ''}${run.overallErrorPct.toFixed(2)}`;
        lines.push(
          `${String(run.id).padStart(3)}  ${new Date(run.startedAtMs).toISOString().slice(0, 19)}  ${String(run.rateMlPerH).padStart(9)}  ${String(run.minutes).padStart(4)}  ${String(run.samples).padStart(7)}  ${a.padStart(7)}  ${run.pump}`,
        );
      }
      print(`${lines.join('\n')}\n`);
    });
  runs
    .command('show')
    .description('show one run: its stored result (the result.json of the run)')
    .argument('<id>', 'run id')
    .option('--db <file>', DB_FLAG_HELP)
    .option('--json', 'machine-readable output')
    .action((id: string, raw: unknown) => {
      const options = parseOptions(z.object(common), raw);
      const runId = parseOptions(idSchema, { id }, ID_ARG).id;
      const run = withStore(options.db, 'read', (db) => requireRun(db, runId));
      const doc = { ...runSummaryJson(run), result: run.result };
      if (options.json) return printJson(doc);
      print(`${databaseLine(options.db)}\n${JSON.stringify(doc, null, 2)}\n`);
    });
  runs
    .command('export')
    .description("export a run's samples as CSV (time_s,mass_g,stable), the format haipump trumpet reads")
    .argument('<id>', 'run id')
    .option('--db <file>', DB_FLAG_HELP)
    .option('--out <file>', 'write to a file instead of stdout')
    .action((id: string, raw: unknown) => {
      const options = parseOptions(z.object({ db: common.db, out: z.string().min(1).optional() }), raw);
      const runId = parseOptions(idSchema, { id }, ID_ARG).id;
      const samples = withStore(options.db, 'read', (db) => {
        requireRun(db, runId);
        return getRunSamples(db, runId);
      });
      const csv = liveSamplesCsv(samples);
      if (options.out === undefined) return print(csv);
      writeFileAtomically(options.out, csv, '--out');
    });
}
