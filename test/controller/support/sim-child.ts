/**
 * `haipump sim --personality hai --pty --json` as a child process, exactly as a user starts it:
 * the first stdout line is `{"port": ...}`. Every child is tracked and killed on exit, so a
 * failing test never leaves a sim (or its socat) behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from '../../support/cli.ts';

export interface SimChild {
  port: string;
  child: ChildProcess;
  /** SIGTERM (the sim stops socat and flushes NVM), then waits for the exit. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Defaults to the HAI pump at `--speed max`; extra args come last, so they win. */
export async function startSimChild(extraArgs: string[] = []): Promise<SimChild> {
  const child = spawn(process.execPath, [BIN, 'sim', '--personality', 'hai', '--pty', '--json', '--speed', 'max', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let stdout = '';
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const port = await new Promise<string>((resolve, reject) => {
    // No start deadline: the sim's exit rejects, and vitest's test timeout is the only backstop.
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const lf = stdout.indexOf('\n');
      if (lf < 0) return;
      try {
        resolve((JSON.parse(stdout.slice(0, lf)) as { port: string }).port);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`sim exited (${code ?? 'signal'}): ${stderr}`));
    });
  });
  return {
    port,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // A backstop for a sim that ignores SIGTERM, well past a busy machine's orderly stop
        // (a kill here would lose the NVM flush a following test may read back).
        const hard = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(hard);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
