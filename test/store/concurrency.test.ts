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
    // Both children start writing on the same "go", after both have started up.
    const children = ['A', 'B'].map((id) => spawnTs('./writer.ts', [db, id, 'SHARED', String(n)], 'pipe'));
    const done = children.map((child) => collect(child));
    await Promise.all(children.map((child) => waitFor(child, 'ready')));
    for (const child of children) child.stdin?.end('go\n');
    const results = await Promise.all(done);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const lines = results.map((r) => JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as { pumpId: string; transactions: number; ms: number; startedAtMs: number; endedAtMs: number });
    const [a, b] = lines as [(typeof lines)[number], (typeof lines)[number]];
    const overlapMs = Math.min(a.endedAtMs, b.endedAtMs) - Math.max(a.startedAtMs, b.startedAtMs);
    const check = openStore(db);
    const counts = countRows(check);
    const integrity = check.pragma('integrity_check', { simple: true });
    const fkErrors = check.pragma('foreign_key_check');
    const perPump = check.prepare('SELECT pump_id, count(*) AS n FROM fills GROUP BY pump_id ORDER BY pump_id').all();
    check.close();
    console.log(JSON.stringify({ test: 'concurrency', writers: 2, transactionsPerWriter: lines.map((l) => l.transactions), msPerWriter: lines.map((l) => l.ms), overlapMs, counts }));
    // The two really wrote at the same time.
    expect(overlapMs).toBeGreaterThan(0);
    expect(integrity).toBe('ok');
    expect(fkErrors).toEqual([]);
    expect(counts).toEqual({ pumps: 3, fills: 2 * n, refills: 2 * n, labs: 2 * n, acknowledgements: 0 });
    expect(perPump).toEqual([
      { pump_id: 'A', n },
      { pump_id: 'B', n },
    ]);
  });
});
