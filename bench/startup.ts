/**
 * Whole-process start-up of the `haipump` bin against a bare `node -e 0`, in this run, on this
 * machine: each command is run at least 5 times, interleaved with the baseline so both see the
 * same load, and the ratio of medians is printed. One JSON line per command:
 *   haipump --help                    at most 2× bare node
 *   haipump remind on a 10-pump store at most 3×
 *   haipump simulate --days 365 --json at most 4×
 * `npm run build` must have run (npm install does it): the bin runs the build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'haipump.js');
const RUNS = Number(process.env.HAIPUMP_BENCH_RUNS ?? 9);

if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  console.log(JSON.stringify({ bench: 'startup', error: 'no build: run npm run build first' }));
  process.exit(1);
}

function timeOnce(args: readonly string[], okCodes: readonly number[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: ROOT });
  const ms = performance.now() - started;
  if (run.status === null || !okCodes.includes(run.status)) {
    throw new Error(`${args.join(' ')} exited ${run.status ?? run.signal}: ${run.stderr.toString().trim()}`);
  }
  return ms;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};

const dir = mkdtempSync(join(tmpdir(), 'haipump-bench-startup-'));
try {
  const db = join(dir, 'ten.db');
  const at = '2026-06-01T09:00';
  for (let i = 1; i <= 10; i++) {
    const id = `P${i}`;
    timeOnce([BIN, 'pump', 'add', id, '--db', db], [0]);
    timeOnce(
      [
        BIN,
        'fill',
        id,
        '--db',
        db,
        '--infusate',
        'heparinized-saline',
        '--volume-ml',
        '29',
        '--at',
        `2026-05-${String(10 + i).padStart(2, '0')}T09:00`,
      ],
      [0],
    );
  }
  const cases: { name: string; args: string[]; okCodes: number[]; limit: number }[] = [
    { name: 'haipump --help', args: [BIN, '--help'], okCodes: [0], limit: 2 },
    // remind exits 0, 1 or 2 by what is due: all three are a run that worked.
    { name: 'haipump remind (10 pumps)', args: [BIN, 'remind', '--db', db, '--at', at], okCodes: [0, 1, 2], limit: 3 },
    { name: 'haipump simulate --days 365 --json', args: [BIN, 'simulate', '--days', '365', '--json'], okCodes: [0], limit: 4 },
  ];
  const baseline: number[] = [];
  const samples = new Map(cases.map((c) => [c.name, [] as number[]]));
  // Warm the file cache once, then interleave so load changes hit both sides alike.
  timeOnce(['-e', '0'], [0]);
  for (const c of cases) timeOnce(c.args, c.okCodes);
  for (let r = 0; r < RUNS; r++) {
    baseline.push(timeOnce(['-e', '0'], [0]));
    for (const c of cases) samples.get(c.name)?.push(timeOnce(c.args, c.okCodes));
  }
  const nodeMs = median(baseline);
  let missed = 0;
  for (const c of cases) {
    const ms = median(samples.get(c.name) ?? []);
    const ratio = ms / nodeMs;
    if (ratio > c.limit) missed++;
    console.log(
      JSON.stringify({
        bench: 'startup',
        command: c.name,
        runs: RUNS,
        medianMs: Math.round(ms * 10) / 10,
        nodeMedianMs: Math.round(nodeMs * 10) / 10,
        ratio: Math.round(ratio * 100) / 100,
        limit: c.limit,
        ok: ratio <= c.limit,
      }),
    );
  }
  // A ratio over its limit is a result that is wrong: the run says so in its exit code.
  process.exitCode = missed > 0 ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
