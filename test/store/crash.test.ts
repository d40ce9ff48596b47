import type { ChildProcess } from 'node:child_process';
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

/** Resolves once the child has printed `count` "committed" lines (at once for 0). */
function untilCommitted(child: ChildProcess, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    if (count === 0) return resolve();
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString().split('committed ').length - 1;
      if (seen < count) return;
      child.stdout?.off('data', onData);
      resolve();
    };
    child.stdout?.on('data', onData);
  });
}

describe('a writer killed mid-transaction', () => {
  it('leaves a consistent file with every transaction all there or not at all', async () => {
    const db = join(dir, 'crash.db');
    openStore(db).close();
    let reported = 0;
    for (let k = 0; k < KILLS; k++) {
      const child = spawnTs('./crasher.ts', [db, String(CYCLES)]);
      const done = collect(child);
      // Kill it as it reports its (k mod 3)-th commit (0: as it starts): it goes straight on into
      // the next big transaction, so it is almost always inside one. Events, not a delay, pick the
      // moment, so a busy machine moves the kill within the run, never past its end.
      await waitFor(child, 'ready');
      await untilCommitted(child, k % 3);
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
    console.log(
      JSON.stringify({
        test: 'crash',
        kills: KILLS,
        rowsPerTransaction: 2 * CYCLES + 1,
        committedReported: reported,
        committedFound: perPump.length,
        integrity,
      }),
    );
    expect(integrity).toBe('ok');
    expect(orphans.n).toBe(0);
    // A commit can land just before the kill without its "committed" line getting out: at most one per kill.
    expect(perPump.length).toBeGreaterThanOrEqual(reported);
    expect(perPump.length).toBeLessThanOrEqual(reported + KILLS);
    for (const pump of perPump) expect(pump).toEqual({ id: pump.id, fills: CYCLES, refills: CYCLES });
  });
});
