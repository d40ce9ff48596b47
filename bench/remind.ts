/**
 * `remind` over a fleet: 10,000 pumps × 5 years of history (a fill and a drain every 14 days,
 * alternating FUDR and heparinized saline: ~130 of each per pump, ~2.6M rows) in a temp SQLite
 * file, then the remind query + schedule computation in-process, timed once cold and then as
 * the median of 5 warm runs. Prints one JSON line. Target: remindMs well under 1000.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MS_PER_DAY } from '../src/model/index.ts';
import { insertPumps, openStore, remindFromStore, type BulkCycle, type BulkPump } from '../src/store/index.ts';
import { mulberry32 } from '../firmware-sim/app/prng.ts';

const CYCLE_MS = 14 * MS_PER_DAY;

function history(index: number, cycles: number, endMs: number, random: () => number): BulkCycle[] {
  // Stagger pumps over one cycle so their due dates spread out; 2 % of pumps drift down 4 %/cycle over their last 6 cycles.
  const startMs = endMs - cycles * CYCLE_MS + Math.floor(random() * CYCLE_MS) - CYCLE_MS;
  const drifting = index % 50 === 0;
  const out: BulkCycle[] = [];
  for (let c = 0; c < cycles; c++) {
    const atMs = startMs + c * CYCLE_MS;
    const drug = c % 2 === 0;
    const trueFlow = (drug ? 0.7 / 0.72 : 1) * (drifting ? 1 - 0.04 * Math.max(0, c - (cycles - 6)) : 1) * (1 + (random() - 0.5) * 0.04);
    const predicted = drug ? 0.7 / 0.72 : 1;
    const delivered = trueFlow * 14;
    const last = c === cycles - 1;
    const measured = delivered / 14;
    const deviation = (measured - predicted) / predicted;
    out.push({
      fill: {
        atMs,
        infusate: drug ? 'fudr' : 'heparinized-saline',
        volumeMl: c === 0 ? 30 : 29,
        contentMl: 30,
        predictedFlowMlPerDay: predicted,
        drugDays: drug ? 14 : null,
        fudrMg: drug ? 259.2 : null,
      },
      drain: last
        ? null
        : {
            atMs: atMs + CYCLE_MS - 60_000,
            returnedMl: Math.max(0, 29 - delivered),
            measuredFlowMlPerDay: measured,
            deviationFraction: deviation,
            level: Math.abs(deviation) > 0.2 ? 'fault' : Math.abs(deviation) > 0.15 ? 'flag' : 'ok',
          },
    });
  }
  return out;
}

export async function benchRemind(pumps = 10_000, years = 5): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'haipump-bench-'));
  const path = join(dir, 'bench.db');
  try {
    const db = openStore(path);
    const cycles = Math.round((years * 365.25) / 14);
    const endMs = Date.UTC(2026, 0, 1);
    // Seeded, so every run loads the same history.
    const random = mulberry32(42);
    const batch = 100;
    let rows = 0;
    const t0 = performance.now();
    for (let first = 0; first < pumps; first += batch) {
      const chunk: BulkPump[] = [];
      for (let i = first; i < Math.min(pumps, first + batch); i++) {
        chunk.push({
          id: `P${String(i).padStart(5, '0')}`,
          profile: 'codman-3000-30ml',
          label: null,
          cycles: history(i, cycles, endMs, random),
        });
      }
      rows += insertPumps(db, chunk, endMs);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('ANALYZE');
    const loadMs = performance.now() - t0;
    const fileMb = statSync(path).size / 2 ** 20;

    const query = { atMs: endMs, withinMs: 3 * MS_PER_DAY };
    const c0 = performance.now();
    const cold = remindFromStore(db, query);
    const coldMs = performance.now() - c0;
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      const w0 = performance.now();
      remindFromStore(db, query);
      warm.push(performance.now() - w0);
    }
    warm.sort((a, b) => a - b);
    db.close();
    return {
      bench: 'remind',
      pumps,
      years,
      rows,
      fileMb: Math.round(fileMb),
      loadMs: Math.round(loadMs),
      remindMs: Math.round(warm[2] ?? 0),
      remindColdMs: Math.round(coldMs),
      items: cold.items.length,
      overdue: cold.counts.overdue,
      due: cold.counts.due,
      flags: cold.flags.length,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      target: 'remindMs < 1000',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchRemind()));
}
