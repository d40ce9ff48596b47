/**
 * Pseudo-terminal pairs (socat) for emulators, and the "cable" relay that lets a test unplug and
 * replug the host side while the emulated device keeps running.
 *
 * Why a relay: killing the socat between the device and the host would also kill the device's own
 * serial port (it would need a reboot to reopen it, which is a power cycle, not an unplug). A
 * second socat joins a fresh pty (the path the host opens) to the host end of the first pair;
 * killing and restarting only that one makes the host's port vanish and come back at the same path.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, realpath, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild, trackChild, trackDir } from './cleanup.ts';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function resolves(path: string): Promise<boolean> {
  try {
    await realpath(path);
    return true;
  } catch {
    return false;
  }
}

/** Starts socat with two addresses and waits until it is in its transfer loop and `links` resolve. */
async function startSocat(addresses: readonly [string, string], links: readonly string[], readyTimeoutMs: number): Promise<ChildProcess> {
  // A link left by a killed socat would resolve to a dead pts; readiness must mean "new".
  await Promise.all(links.map((link) => unlink(link).catch(() => undefined)));
  const child = spawn('socat', ['-d', '-d', ...addresses], { stdio: ['ignore', 'ignore', 'pipe'] });
  trackChild(child);
  let stderr = '';
  let spawnError: Error | undefined;
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    // Only the tail matters, for error messages; socat -d -d is chatty.
    stderr = (stderr + chunk).slice(-4000);
  });
  child.once('error', (error) => (spawnError = error));
  const deadlineMs = Date.now() + readyTimeoutMs;
  for (;;) {
    if (spawnError !== undefined) throw new Error(`cannot start socat (is it installed? apt-get install socat): ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`socat exited early: ${stderr.trim().split('\n').pop() ?? ''}`);
    if (stderr.includes('starting data transfer loop')) {
      const ready = await Promise.all(links.map(resolves));
      if (ready.every(Boolean)) return child;
    }
    if (Date.now() > deadlineMs) {
      child.kill('SIGKILL');
      throw new Error(`socat not ready after ${readyTimeoutMs} ms: ${stderr.trim().split('\n').pop() ?? ''}`);
    }
    await delay(5);
  }
}

export interface PtyPair {
  /** The end the emulated device opens. */
  readonly devicePath: string;
  /** The end a host opens. */
  readonly hostPath: string;
  close(): Promise<void>;
}

/** A fresh temp dir with two linked ptys (`dev`, `host`). */
export async function createPtyPair(readyTimeoutMs = 5000): Promise<PtyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'haipump-hil-'));
  const untrackDir = trackDir(dir);
  const devicePath = join(dir, 'dev');
  const hostPath = join(dir, 'host');
  let socat: ChildProcess;
  try {
    socat = await startSocat([`pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${hostPath}`], [devicePath, hostPath], readyTimeoutMs);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    untrackDir();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    devicePath,
    hostPath,
    close() {
      closed ??= (async () => {
        await stopChild(socat);
        await rm(dir, { recursive: true, force: true });
        untrackDir();
      })();
      return closed;
    },
  };
}

export interface CableRelay {
  /** The path the host opens; stable across unplug/replug. */
  readonly hostPath: string;
  /** Pulls the cable: the host's port disappears. */
  unplug(): Promise<void>;
  /** Plugs it back in at the same path. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

/** Puts a pluggable cable in front of `innerPath` (the host end of an emulator's pty). */
export async function createCableRelay(innerPath: string, readyTimeoutMs = 5000): Promise<CableRelay> {
  const dir = await mkdtemp(join(tmpdir(), 'haipump-cable-'));
  const untrackDir = trackDir(dir);
  const hostPath = join(dir, 'port');
  const addresses = [`pty,raw,echo=0,link=${hostPath}`, `${innerPath},raw,echo=0`] as const;
  let socat: ChildProcess | undefined = await startSocat(addresses, [hostPath], readyTimeoutMs);
  let closed = false;
  const unplug = async (): Promise<void> => {
    const current = socat;
    socat = undefined;
    if (current !== undefined) await stopChild(current);
    await unlink(hostPath).catch(() => undefined);
  };
  return {
    hostPath,
    unplug,
    async replug() {
      if (closed) throw new Error('cable relay is closed');
      if (socat === undefined) socat = await startSocat(addresses, [hostPath], readyTimeoutMs);
    },
    async close() {
      if (closed) return;
      closed = true;
      await unplug();
      await rm(dir, { recursive: true, force: true });
      untrackDir();
    },
  };
}
