/**
 * The one way the tests run `haipump`: the real bin as a child process (sync or async), or the
 * whole program in this process (what bin/haipump.js runs, minus the process: milliseconds
 * instead of a process start-up). `HAIPUMP_DEVICE` is never inherited from the shell that runs
 * the suite: a test says which device it means (`env`), whatever the developer has set.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli as runProgram } from '../../src/cli/program.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/haipump.js', import.meta.url));

export interface CliRun {
  /** The exit code; null when the process was killed by a signal (a backstop timeout). */
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** A backstop against a hung child, far above what any run takes; not a pass/fail deadline. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;

function childEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { HAIPUMP_DEVICE: _fromShell, ...inherited } = process.env;
  return { ...inherited, ...env };
}

/** The real bin, a fresh process and real argv, run to completion (this process waits). */
export function runCli(args: readonly string[], options: CliOptions = {}): CliRun {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: options.cwd ?? REPO,
    env: childEnv(options.env),
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** The real bin as a child while this process keeps serving (an emulator in this process, say). */
export function runCliAsync(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO,
      env: childEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.on('close', (status) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The whole program in this process: captured stdout and stderr, and the exit code the bin would set. */
export async function runInProcess(args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await runProgram(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { status, stdout, stderr };
}
