/**
 * Child process of the crash test: inserts one pump with CYCLES fill+drain pairs per transaction,
 * forever, until the parent SIGKILLs it (almost always mid-transaction: the transactions are big
 * and back to back). Prints "committed <pumpId>" after each commit. Args: DB CYCLES.
 */
import { insertPumps, openStore, type BulkCycle } from '../../src/store/index.ts';

const [dbPath, cyclesText] = process.argv.slice(2);
if (dbPath === undefined || cyclesText === undefined) throw new Error('usage: crasher.ts DB CYCLES');
const cycles = Number(cyclesText);
const db = openStore(dbPath);
const history: BulkCycle[] = Array.from({ length: cycles }, (_, i) => ({
  fill: {
    atMs: i * 1_209_600_000,
    infusate: 'heparinized-saline',
    volumeMl: 29,
    contentMl: 30,
    predictedFlowMlPerDay: 1,
    drugDays: null,
    fudrMg: null,
  },
  drain: { atMs: i * 1_209_600_000 + 1_200_000_000, returnedMl: 15, measuredFlowMlPerDay: 1, deviationFraction: 0, level: 'ok' },
}));
process.stdout.write('ready\n');
for (let k = 0; ; k++) {
  const id = `C${process.pid}-${k}`;
  insertPumps(db, [{ id, profile: 'codman-3000-30ml', label: null, cycles: history }], Date.now());
  process.stdout.write(`committed ${id}\n`);
}
