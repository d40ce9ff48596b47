import { runCli } from '../../src/cli/program.ts';
import type { CliRun } from './run-cli.ts';

/**
 * The whole `haipump` program in this process (what bin/haipump.js runs, minus the process):
 * captured stdout and stderr, and the exit code the bin would set. Milliseconds instead of the
 * ~0.8 s a fresh tsx process takes.
 */
export async function runInProcess(args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { status, stdout, stderr };
}
