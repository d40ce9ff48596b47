/**
 * Child process of the concurrency test: writes `n` fill+refill cycles to its own pump and `n`
 * lab rows to a pump shared with the other writer, each change its own IMMEDIATE transaction.
 * Two barriers make the two writers overlap by construction, however the machine schedules them:
 * it starts on the parent's first "go" (sent once both children are ready), prints "half" after
 * n/2 cycles and waits for a second "go" (sent once both are half done). So each writer's second
 * half starts after the other's first half ended: neither can finish before the other began.
 * Args: DB PUMP_ID SHARED_PUMP_ID N. Prints "ready", "half", then one JSON line.
 */
import { addPump, fill, openStore, recordLab, refill } from '../../src/store/index.ts';
import { MS_PER_DAY } from '../../src/model/index.ts';

const [dbPath, pumpId, sharedPumpId, nText] = process.argv.slice(2);
if (dbPath === undefined || pumpId === undefined || sharedPumpId === undefined || nText === undefined) {
  throw new Error('usage: writer.ts DB PUMP SHARED N');
}
const n = Number(nText);
const db = openStore(dbPath);
// The rows' recorded-at stamp, a datum (not a timing): any value would do.
const nowMs = Date.now();
addPump(db, { id: pumpId, profile: 'codman-3000-30ml' }, nowMs);
/** Waits for the parent's next "go" line on stdin. */
const nextGo = (): Promise<void> =>
  new Promise<void>((resolve) => {
    process.stdin.once('data', () => {
      process.stdin.pause();
      resolve();
    });
    process.stdin.resume();
  });
process.stdout.write('ready\n');
await nextGo();
const base = Date.parse('2000-01-03T09:00:00Z');
for (let i = 0; i < n; i++) {
  if (i === Math.floor(n / 2)) {
    process.stdout.write('half\n');
    await nextGo();
  }
  const at = base + i * 14 * MS_PER_DAY;
  fill(db, { pumpId, atMs: at, infusate: 'heparinized-saline', volumeMl: i === 0 ? 30 : 29 }, nowMs);
  refill(db, { pumpId, atMs: at + 14 * MS_PER_DAY - 3_600_000, returnedMl: 15 }, nowMs);
  recordLab(db, { pumpId: sharedPumpId, atMs: at, astUPerL: 30 + (i % 7) }, nowMs);
}
db.close();
console.log(JSON.stringify({ pumpId, transactions: 3 * n }));
