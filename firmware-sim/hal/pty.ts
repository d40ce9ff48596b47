/**
 * Pseudo-terminal pairs made by socat: on a host, a pty pair is the emulator's "wire". The
 * device opens one end, a host (driver, test, `haipump` command) the other, exactly as it would
 * open a USB serial adapter. Used by `haipump sim --pty`, the rig, the HIL harness and the tests.
 *
 * An emulator must never leave processes or files behind, however it ends. Every socat runs
 * under a guardian and every temp dir has one (guardian.ts): if this process dies, even by
 * SIGKILL, they stop socat and remove the dir. While we live, every socat and child process is
 * tracked too, and a synchronous 'exit' hook SIGKILLs whatever is still running (a crashed test,
 * a forgotten close) and removes the temp dirs at once ('exit' handlers cannot await).
 *
 * The cable relay exists because killing the socat between the device and the host would also
 * kill the device's own serial port (reopening it would be a power cycle, not an unplug). A
 * second socat joins a fresh pty (the path the host opens) to the host end of the first pair;
 * stopping and restarting only that one makes the host's port vanish and come back at the same path.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { realpath, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { COMMAND_NOT_RUNNABLE, createGuardedDir, hasExited, spawnGuarded } from './guardian.ts';

/** Something to SIGKILL on process exit: a child process, or a guarded socat (by its own pid). */
interface Tracked {
  readonly pid: number | undefined;
  killNow(): void;
}

const tracked = new Set<Tracked>();
const dirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const entry of tracked) entry.killNow();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** Kills `child` on process exit unless it has exited by then. */
export function trackChild(child: ChildProcess): void {
  installExitHook();
  const entry: Tracked = {
    get pid() {
      return child.pid;
    },
    killNow: () => child.kill('SIGKILL'),
  };
  tracked.add(entry);
  child.once('exit', () => tracked.delete(entry));
  // A spawn failure (ENOENT) never becomes a process, so no 'exit' would ever remove it.
  child.once('error', () => {
    if (child.pid === undefined) tracked.delete(entry);
  });
}

/** Removes `dir` on process exit; returns the function that forgets it (after a normal removal). */
export function trackDir(dir: string): () => void {
  installExitHook();
  dirs.add(dir);
  return () => dirs.delete(dir);
}

/** Live child processes started through `trackChild` and live socats (`startSocat`, pairs, relays). */
export function liveChildCount(): number {
  return tracked.size;
}

/** Their pids; a socat's is socat's own, not its guardian's. */
export function liveChildPids(): number[] {
  return [...tracked].flatMap((entry) => (entry.pid === undefined ? [] : [entry.pid]));
}

/** Waits for a child to exit after SIGTERM; SIGKILL if it hangs. */
export function stopChild(child: ChildProcess, killAfterMs = 2000): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
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

const removeLink = (path: string): Promise<void> => unlink(path).catch(() => undefined);

/** A socat address for a new pty, linked at `link`. */
export const ptyAddress = (link: string): string => `pty,raw,echo=0,link=${link}`;

export interface SocatOptions {
  /** How long socat may take to be in its transfer loop with every link resolving. */
  readyTimeoutMs?: number;
  socatPath?: string;
}

/** A running socat (under its guardian). */
export interface SocatProcess {
  /** socat's own pid. */
  readonly pid: number;
  readonly exited: boolean;
  /** SIGTERM, SIGKILL after `killAfterMs`; resolves once socat has exited and been reaped. */
  stop(killAfterMs?: number): Promise<void>;
}

/**
 * Starts a tracked, guarded socat joining two addresses and resolves once it is in its transfer
 * loop and every one of `links` resolves: from then on both ends can be opened.
 */
export async function startSocat(
  addresses: readonly [string, string],
  links: readonly string[],
  options: SocatOptions = {},
): Promise<SocatProcess> {
  // A backstop, not a pace: on a loaded 2-core runner socat has taken seconds to open its ptys.
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  // A link left by a killed socat would resolve to a dead pts; readiness must mean "new".
  await Promise.all(links.map(removeLink));
  installExitHook();
  const guarded = spawnGuarded([options.socatPath ?? 'socat', '-d', '-d', ...addresses]);
  const { guardian } = guarded;
  let pid: number | undefined;
  let pidError: Error | undefined;
  guarded.pid.then(
    (p) => (pid = p),
    (error: unknown) => (pidError = error instanceof Error ? error : new Error(String(error))),
  );
  const entry: Tracked = {
    get pid() {
      return pid;
    },
    killNow: () => guarded.killNow(),
  };
  tracked.add(entry);
  guardian.once('exit', () => tracked.delete(entry));
  guardian.once('error', () => {
    if (guardian.pid === undefined) tracked.delete(entry);
  });
  let stderr = '';
  let spawnError: Error | undefined;
  guardian.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    // Only the tail matters, for error messages; socat -d -d is chatty.
    stderr = (stderr + chunk).slice(-4000);
  });
  guardian.once('error', (error) => (spawnError = error));
  const lastLine = (): string => stderr.trim().split('\n').pop() ?? '';
  const deadlineMs = Date.now() + readyTimeoutMs;
  for (;;) {
    if (spawnError !== undefined) throw new Error(`cannot start socat: ${spawnError.message}`);
    // Not hasExited: before a spawn error arrives the pid is undefined too, and that error says more.
    if (guardian.exitCode !== null || guardian.signalCode !== null) {
      // The shell's "not found" / "cannot execute": socat never ran.
      if (COMMAND_NOT_RUNNABLE.some((code) => code === guardian.exitCode))
        throw new Error(`cannot start socat (is it installed? apt-get install socat): ${lastLine()}`);
      throw new Error(`socat exited before the ptys were ready: ${lastLine()}`);
    }
    if (pidError !== undefined) {
      await guarded.stop(0);
      throw new Error(`cannot start socat: ${pidError.message}`);
    }
    if (pid !== undefined && stderr.includes('starting data transfer loop')) {
      const ready = await Promise.all(links.map(resolves));
      if (ready.every(Boolean)) {
        const socatPid = pid;
        return {
          pid: socatPid,
          get exited() {
            return guarded.exited;
          },
          stop: (killAfterMs = 2000) => guarded.stop(killAfterMs),
        };
      }
    }
    if (Date.now() > deadlineMs) {
      await guarded.stop(0);
      throw new Error(`socat not ready after ${readyTimeoutMs} ms: ${lastLine()}`);
    }
    await delay(5);
  }
}

/** One socat that can be stopped and started again on the same addresses and links. */
interface RestartableSocat {
  readonly pid: number | undefined;
  start(): Promise<void>;
  /** Stops socat and removes its links, so a host really sees the port gone. */
  stop(): Promise<void>;
}

function restartableSocat(addresses: readonly [string, string], links: readonly string[], options: SocatOptions): RestartableSocat {
  let socat: SocatProcess | undefined;
  return {
    get pid() {
      return socat?.pid;
    },
    async start() {
      socat ??= await startSocat(addresses, links, options);
    },
    async stop() {
      const current = socat;
      socat = undefined;
      if (current !== undefined) await current.stop();
      await Promise.all(links.map(removeLink));
    },
  };
}

/**
 * A temp dir `haipump-<prefix>-XXXXXX` removed on close, on exit if close never comes, and by its
 * guardian if this process dies without either.
 */
async function ownedDir(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const guarded = await createGuardedDir(`haipump-${prefix}-`);
  const { dir } = guarded;
  const untrack = trackDir(dir);
  return {
    dir,
    async remove() {
      await guarded.remove();
      // The guardian removed it; this only matters if someone killed the guardian.
      await rm(dir, { recursive: true, force: true });
      untrack();
    },
  };
}

export interface PtyPairOptions extends SocatOptions {
  /** The temp dir is `haipump-<prefix>-XXXXXX` (harness census and error messages tell them apart). */
  prefix?: string;
  /** Names of the links inside the dir. */
  links?: { device: string; host: string };
  /** An existing dir for the links, left in place on close; a fresh temp dir when omitted. */
  dir?: string;
}

export interface RestartOptions {
  /** How long the line stays down before socat is started again. */
  downMs?: number;
}

export interface PtyPair {
  /** The end the emulated device opens. */
  readonly devicePath: string;
  /** The end a host opens. */
  readonly hostPath: string;
  readonly dir: string;
  /** The current socat's pid; changes on restart, undefined once closed. */
  readonly socatPid: number | undefined;
  /** Stops socat and removes the temp dir. Idempotent. */
  close(): Promise<void>;
  /** Stops socat and starts a new one on the same link paths: both ends are unplugged, then replugged. */
  restart(options?: RestartOptions): Promise<void>;
}

/** Two linked ptys in a fresh temp dir (or `options.dir`). */
export async function createPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const { dir, remove } =
    options.dir === undefined ? await ownedDir(options.prefix ?? 'pty') : { dir: options.dir, remove: async () => undefined };
  const devicePath = join(dir, options.links?.device ?? 'dev');
  const hostPath = join(dir, options.links?.host ?? 'host');
  const socat = restartableSocat([ptyAddress(devicePath), ptyAddress(hostPath)], [devicePath, hostPath], options);
  try {
    await socat.start();
  } catch (error) {
    await remove();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    devicePath,
    hostPath,
    dir,
    get socatPid() {
      return socat.pid;
    },
    close() {
      closed ??= (async () => {
        await socat.stop();
        await remove();
      })();
      return closed;
    },
    async restart(restartOptions: RestartOptions = {}) {
      if (closed !== undefined) throw new Error('pty pair is closed');
      await socat.stop();
      if (restartOptions.downMs !== undefined && restartOptions.downMs > 0) await delay(restartOptions.downMs);
      await socat.start();
    },
  };
}

export interface CableRelayOptions extends SocatOptions {
  /** The temp dir is `haipump-<prefix>-XXXXXX`. */
  prefix?: string;
  /** Name of the host's link inside it. */
  link?: string;
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
export async function createCableRelay(innerPath: string, options: CableRelayOptions = {}): Promise<CableRelay> {
  const owned = await ownedDir(options.prefix ?? 'cable');
  const hostPath = join(owned.dir, options.link ?? 'port');
  const socat = restartableSocat([ptyAddress(hostPath), `${innerPath},raw,echo=0`], [hostPath], options);
  try {
    await socat.start();
  } catch (error) {
    await owned.remove();
    throw error;
  }
  let closed = false;
  return {
    hostPath,
    unplug: () => socat.stop(),
    async replug() {
      if (closed) throw new Error('cable relay is closed');
      await socat.start();
    },
    async close() {
      if (closed) return;
      closed = true;
      await socat.stop();
      await owned.remove();
    },
  };
}
