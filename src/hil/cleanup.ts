/**
 * Every process and pty the harness starts is registered here, so nothing outlives the test run:
 * fixtures close them after each test, and a synchronous 'exit' hook SIGKILLs whatever is left
 * (a crashed test, a forgotten close). 'exit' handlers cannot await, hence SIGKILL by pid.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

export interface Closable {
  close(): Promise<void>;
}

const children = new Set<ChildProcess>();
const dirs = new Set<string>();
const closables = new Set<Closable>();
let hookInstalled = false;

function installExitHook(): void {
  if (hookInstalled) return;
  hookInstalled = true;
  process.once('exit', () => {
    for (const child of children) child.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
}

export function trackChild(child: ChildProcess): void {
  installExitHook();
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export function trackDir(dir: string): () => void {
  installExitHook();
  dirs.add(dir);
  return () => dirs.delete(dir);
}

/** Registers something to close in `closeAll()`; returns the unregister function. */
export function trackClosable(item: Closable): () => void {
  closables.add(item);
  return () => closables.delete(item);
}

/** Closes every registered handle (devices, emulators); errors are collected, not thrown one by one. */
export async function closeAll(): Promise<void> {
  const items = [...closables];
  closables.clear();
  const results = await Promise.allSettled(items.map((item) => item.close()));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) throw new AggregateError(failed.map((f) => f.reason), `${failed.length} HIL handle(s) failed to close`);
}

/** Live child processes we started (socat, `haipump sim`): tests assert this is 0 at the end. */
export function liveChildCount(): number {
  return children.size;
}

export function liveChildPids(): number[] {
  return [...children].flatMap((c) => (c.pid === undefined ? [] : [c.pid]));
}

/** Waits for a child to exit after SIGTERM; SIGKILL if it hangs. */
export function stopChild(child: ChildProcess, killAfterMs = 2000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
