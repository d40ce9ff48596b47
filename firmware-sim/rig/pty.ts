import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A socat pseudo-terminal pair: the emulator opens `devicePath`, a host opens `hostPath`. */
export interface SimPty {
  devicePath: string;
  hostPath: string;
  close(): void;
}

const live = new Set<ChildProcess>();
let hooked = false;

/** socat children are killed on exit even if the caller forgets: an emulator must not leak processes. */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** Starts socat with two linked ptys under a fresh temp dir; `name` prefixes the links (e.g. balance-host). */
export async function startSimPty(name: string): Promise<SimPty> {
  const dir = mkdtempSync(join(tmpdir(), `haipump-${name}-`));
  const devicePath = join(dir, `${name}-dev`);
  const hostPath = join(dir, name);
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${hostPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  live.add(socat);
  hookExit();
  let stderr = '';
  let failure: string | undefined;
  socat.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  socat.once('error', (error) => (failure = `cannot start socat: ${error.message}`));
  socat.once('exit', (code) => {
    live.delete(socat);
    failure ??= `socat exited (${code ?? 'signal'}): ${stderr.trim().split('\n').pop() ?? ''}`;
  });
  const close = (): void => {
    socat.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 500; i++) {
    if (failure !== undefined) break;
    if (stderr.includes('starting data transfer loop') && existsSync(devicePath) && existsSync(hostPath)) {
      return { devicePath, hostPath, close };
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  close();
  throw new Error(failure ?? 'socat did not create the pty pair within 5 s');
}
