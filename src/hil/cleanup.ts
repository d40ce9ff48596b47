/**
 * Every process and pty the harness starts is registered, so nothing outlives the test run:
 * fixtures close them after each test, and the exit hook of firmware-sim/hal/pty.ts SIGKILLs
 * whatever is left (a crashed test, a forgotten close). Processes and temp dirs are tracked
 * there, once for the whole process, so the emulators' own socats are counted too. If the test
 * process itself dies without running that hook (SIGKILL, a killed runner), each socat's and temp
 * dir's guardian (firmware-sim/hal/guardian.ts) cleans up, and a `haipump sim` child started in
 * `process` mode exits when it sees its parent gone.
 */
export { liveChildCount, liveChildPids, stopChild, trackChild } from '../../firmware-sim/hal/pty.ts';

export interface Closable {
  close(): Promise<void>;
}

const closables = new Set<Closable>();

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
  if (failed.length > 0)
    throw new AggregateError(
      failed.map((f) => f.reason),
      `${failed.length} HIL handle(s) failed to close`,
    );
}
