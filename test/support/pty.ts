/**
 * A pseudo-terminal pair made by socat, for HIL tests over the real serialport bindings.
 *
 * `a` and `b` are symlinks in a fresh temp dir (stable names, so `restart()` can simulate an
 * unplug/replug of "the same device"). Every socat we start is tracked and killed on process
 * exit, so a failing test never leaves one behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, realpath, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPairOptions {
  /** Directory for the links; a fresh temp dir (removed on close) when omitted. */
  dir?: string;
  /** How long to wait for socat to create both links. */
  readyTimeoutMs?: number;
  socatPath?: string;
}

export interface RestartOptions {
  /** How long the "device" stays unplugged before socat is started again. */
  downMs?: number;
}

export interface PtyPair {
  /** Link to one end (the host side in our tests). */
  readonly a: string;
  /** Link to the other end (the peer / device side). */
  readonly b: string;
  /** The current socat's pid; changes on restart, undefined once closed. */
  readonly socatPid: number | undefined;
  /** Kills socat, waits for it to exit, removes the temp dir. Idempotent. */
  close(): Promise<void>;
  /** Kills socat and starts a new one on the same link paths (unplug then replug). */
  restart(options?: RestartOptions): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

// Synchronous on purpose: 'exit' handlers cannot await, and SIGKILL needs no cooperation.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function resolves(path: string): Promise<boolean> {
  try {
    await realpath(path);
    return true;
  } catch {
    return false;
  }
}

async function removeIfPresent(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

function waitForExit(child: ChildProcess, killAfterMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // socat normally exits on SIGTERM at once; SIGKILL is the backstop if it hangs.
    const hard = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
  });
}

async function startSocat(socatPath: string, a: string, b: string, readyTimeoutMs: number): Promise<ChildProcess> {
  // A link left by a killed socat would "resolve" to a dead pts; remove it so readiness means "new".
  await Promise.all([removeIfPresent(a), removeIfPresent(b)]);
  const child = spawn(socatPath, ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  live.add(child);
  installExitHook();
  let stderr = '';
  let spawnError: Error | undefined;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    // Keep only the tail: socat -d -d is chatty and we only need it for error messages.
    stderr = (stderr + chunk).slice(-4000);
  });
  child.once('error', (error) => {
    spawnError = error;
  });
  child.once('exit', () => live.delete(child));

  const deadlineMs = Date.now() + readyTimeoutMs;
  for (;;) {
    if (spawnError !== undefined) throw new Error(`socat failed to start: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`socat exited before the ptys were ready: ${stderr.trim()}`);
    }
    // Both links resolving and socat in its transfer loop: both ends can be opened now.
    if (stderr.includes('starting data transfer loop') && (await resolves(a)) && (await resolves(b))) return child;
    if (Date.now() > deadlineMs) {
      child.kill('SIGKILL');
      await waitForExit(child, 0);
      throw new Error(`socat ptys not ready after ${readyTimeoutMs} ms: ${stderr.trim()}`);
    }
    await delay(5);
  }
}

export async function createPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const socatPath = options.socatPath ?? 'socat';
  const readyTimeoutMs = options.readyTimeoutMs ?? 5000;
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'haipump-pty-')));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  let child: ChildProcess | undefined = await startSocat(socatPath, a, b, readyTimeoutMs).catch(async (error: unknown) => {
    if (ownsDir) await rm(dir, { recursive: true, force: true });
    throw error;
  });
  let closed = false;

  const stop = async (): Promise<void> => {
    const current = child;
    child = undefined;
    if (current === undefined) return;
    current.kill('SIGTERM');
    await waitForExit(current, 2000);
  };

  return {
    a,
    b,
    get socatPid() {
      return child?.pid;
    },
    async close() {
      if (closed) return;
      closed = true;
      await stop();
      if (ownsDir) await rm(dir, { recursive: true, force: true });
    },
    async restart(restartOptions: RestartOptions = {}) {
      if (closed) throw new Error('pty pair is closed');
      await stop();
      // socat removes its links on exit; make sure, so the "unplugged" window really has no device.
      await Promise.all([removeIfPresent(a), removeIfPresent(b)]);
      if (restartOptions.downMs !== undefined && restartOptions.downMs > 0) await delay(restartOptions.downMs);
      child = await startSocat(socatPath, a, b, readyTimeoutMs);
    },
  };
}
