import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { collect, spawnTs, waitFor } from './children.ts';

const dir = mkdtempSync(join(tmpdir(), 'haipump-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CYCLES = 2000; // 4001 rows per transaction
const KILLS = 8;

describe('a writer killed mid-transaction', () => {
  it('leaves a consistent file with every transaction all there or not at all', async () => {
    const db = join(dir, 'crash.db');
    openStore(db).close();
    let reported = 0;
    for (let k = 0; k < KILLS; k++) {
      const child = spawnTs('./crasher.ts', [db, String(CYCLES)]);
      const done = collect(child);
      // Wait until it is writing, then kill it after a random delay: it is almost always inside a transaction.
      await waitFor(child, 'ready');
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 250));
      child.kill('SIGKILL');
      const result = await done;
      expect(result.signal).toBe('SIGKILL');
      reported += result.stdout.split('\n').filter((line) => line.startsWith('committed ')).length;
    }
    const store = openStore(db);
    const integrity = store.pragma('integrity_check', { simple: true });
    const perPump = store
      .prepare(
        `SELECT p.id, (SELECT count(*) FROM fills f WHERE f.pump_id = p.id) AS fills, (SELECT count(*) FROM refills r WHERE r.pump_id = p.id) AS refills FROM pumps p`,
      )
      .all() as { id: string; fills: number; refills: number }[];
    const orphans = store.prepare('SELECT count(*) AS n FROM fills WHERE pump_id NOT IN (SELECT id FROM pumps)').get() as { n: number };
    store.close();
    console.log(JSON.stringify({ test: 'crash', kills: KILLS, rowsPerTransaction: 2 * CYCLES + 1, committedReported: reported, committedFound: perPump.length, integrity }));
    expect(integrity).toBe('ok');
    expect(orphans.n).toBe(0);
    // A commit can land just before the kill without its "committed" line getting out: at most one per kill.
    expect(perPump.length).toBeGreaterThanOrEqual(reported);
    expect(perPump.length).toBeLessThanOrEqual(reported + KILLS);
    for (const pump of perPump) expect(pump).toEqual({ id: pump.id, fills: CYCLES, refills: CYCLES });
  });
});
