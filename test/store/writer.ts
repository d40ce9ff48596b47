/**
 * Child process of the concurrency test: writes `n` fill+refill cycles to its own pump and `n`
 * lab rows to a pump shared with the other writer, each change its own IMMEDIATE transaction,
 * starting when the parent says "go" (after both children are ready) so the two contend for the
 * write lock. Args: DB PUMP_ID SHARED_PUMP_ID N. Prints "ready", then one JSON line.
 */
import { addPump, fill, openStore, recordLab, refill } from '../../src/store/index.ts';
import { MS_PER_DAY } from '../../src/model/index.ts';

const [dbPath, pumpId, sharedPumpId, nText] = process.argv.slice(2);
if (dbPath === undefined || pumpId === undefined || sharedPumpId === undefined || nText === undefined) {
  throw new Error('usage: writer.ts DB PUMP SHARED N');
}
const n = Number(nText);
const db = openStore(dbPath);
const nowMs = Date.now();
addPump(db, { id: pumpId, profile: 'codman-3000-30ml' }, nowMs);
// Barrier: say "ready", then wait for the parent's "go" on stdin (sent once both children are ready).
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();
const base = Date.parse('2000-01-03T09:00:00Z');
const t0 = performance.now();
const startedAtMs = Date.now();
for (let i = 0; i < n; i++) {
  const at = base + i * 14 * MS_PER_DAY;
  fill(db, { pumpId, atMs: at, infusate: 'heparinized-saline', volumeMl: i === 0 ? 30 : 29 }, nowMs);
  refill(db, { pumpId, atMs: at + 14 * MS_PER_DAY - 3_600_000, returnedMl: 15 }, nowMs);
  recordLab(db, { pumpId: sharedPumpId, atMs: at, astUPerL: 30 + (i % 7) }, nowMs);
}
db.close();
console.log(JSON.stringify({ pumpId, transactions: 3 * n, ms: Math.round(performance.now() - t0), startedAtMs, endedAtMs: Date.now() }));
