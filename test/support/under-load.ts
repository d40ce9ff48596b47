/**
 * `npm run test:load`: the whole suite with both cores saturated, as on a small, busy CI runner.
 * Two child processes spin at normal priority (one per core of the 2-core CI machines) for as
 * long as vitest runs; the exit code is vitest's. Arguments go to `vitest run`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';

const burners = Number(process.env.HAIPUMP_LOAD_PROCESSES ?? 2);

// The spin runs in a worker thread so the main thread still sees its stdin close: when this
// process goes, for whatever reason, the burner exits too, and nothing spins on after the run.
const BURNER = `
const { Worker } = require('node:worker_threads');
new Worker('let x = 0; for (;;) { x = (x * 1103515245 + 12345) % 2147483648; }', { eval: true });
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

function startBurner(): ChildProcess {
  return spawn(process.execPath, ['-e', BURNER], { stdio: ['pipe', 'ignore', 'inherit'] });
}

const children = Array.from({ length: burners }, startBurner);
process.stdout.write(`test:load: ${children.length} busy processes on ${availableParallelism()} core(s)\n`);

const vitest = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
process.on('SIGINT', () => vitest.kill('SIGINT'));
process.on('SIGTERM', () => vitest.kill('SIGTERM'));
vitest.on('exit', (code, signal) => {
  for (const child of children) child.kill('SIGKILL');
  process.exit(code ?? (signal === null ? 1 : 128));
});
