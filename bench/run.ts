/**
 * `npm run bench`: runs each benchmark in its own process (so peak RSS is its own) and passes
 * their JSON lines through. Every figure is measured in this run; comparisons are ratios of
 * two measurements taken side by side, never a fixed number of seconds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCHES = ['startup.ts', 'year.ts', 'transport.ts', 'codecs.ts', 'remind.ts', 'fleet.ts'];
const only = process.argv.slice(2);
let failed = 0;

for (const name of BENCHES) {
  if (only.length > 0 && !only.some((o) => name.startsWith(o))) continue;
  const file = fileURLToPath(new URL(name, import.meta.url));
  if (!existsSync(file)) continue;
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
  if (run.status !== 0) {
    failed++;
    console.log(JSON.stringify({ bench: name.replace(/\.ts$/, ''), error: `exited with ${run.status ?? run.signal}` }));
  }
}
process.exitCode = failed > 0 ? 1 : 0;
