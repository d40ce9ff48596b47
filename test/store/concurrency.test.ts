import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addPump, countRows, openStore } from '../../src/store/index.ts';
import { collect, spawnTs, waitFor } from './children.ts';

const dir = mkdtempSync(join(tmpdir(), 'haipump-conc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('two processes writing at once', () => {
  it('loses nothing and keeps the file consistent', async () => {
    const db = join(dir, 'c.db');
    const n = 250;
    const store = openStore(db);
    addPump(store, { id: 'SHARED', profile: 'codman-3000-30ml' }, Date.now());
    store.close();
    // Both children start writing on the same "go", after both have started up, and go on past
    // their halfway point on a second "go", once both got there: the two runs overlap by
    // construction, on a machine however busy (see writer.ts).
    const children = ['A', 'B'].map((id) => spawnTs('./writer.ts', [db, id, 'SHARED', String(n)], 'pipe'));
    const done = children.map((child) => collect(child));
    await Promise.all(children.map((child) => waitFor(child, 'ready')));
    const halves = children.map((child) => waitFor(child, 'half'));
    for (const child of children) child.stdin?.write('go\n');
    await Promise.all(halves);
    for (const child of children) child.stdin?.end('go\n');
    const results = await Promise.all(done);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const lines = results.map((r) => JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as { pumpId: string; transactions: number });
    const check = openStore(db);
    // Where each writer's fills landed in the table's insertion order (rowid), a record of the
    // interleaving that no clock enters into.
    const spans = check
      .prepare(
        "SELECT pump_id, min(rowid) AS first, max(rowid) AS last FROM fills WHERE pump_id IN ('A', 'B') GROUP BY pump_id ORDER BY pump_id",
      )
      .all() as {
      pump_id: string;
      first: number;
      last: number;
    }[];
    const counts = countRows(check);
    const integrity = check.pragma('integrity_check', { simple: true });
    const fkErrors = check.pragma('foreign_key_check');
    const perPump = check.prepare('SELECT pump_id, count(*) AS n FROM fills GROUP BY pump_id ORDER BY pump_id').all();
    check.close();
    console.log(
      JSON.stringify({ test: 'concurrency', writers: 2, transactionsPerWriter: lines.map((l) => l.transactions), spans, counts }),
    );
    // The two really wrote at the same time: their spans of fills overlap (neither's all came first).
    const [a, b] = spans;
    expect(a !== undefined && b !== undefined && a.first < b.last && b.first < a.last, JSON.stringify(spans)).toBe(true);
    expect(integrity).toBe('ok');
    expect(fkErrors).toEqual([]);
    expect(counts).toEqual({ pumps: 3, fills: 2 * n, refills: 2 * n, labs: 2 * n, acknowledgements: 0 });
    expect(perPump).toEqual([
      { pump_id: 'A', n },
      { pump_id: 'B', n },
    ]);
  });
});
