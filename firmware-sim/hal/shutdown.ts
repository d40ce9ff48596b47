/**
 * When a long-running emulator process (`haipump sim`) should stop: on SIGINT, SIGTERM or SIGHUP,
 * or when its parent goes away. npx, a shell or a test runner that dies (or is killed) does not
 * pass a signal on, so the emulator would run for ever holding its pty; instead it notices that
 * it has been re-parented (`process.ppid` changes) and stops as if it had been sent SIGTERM.
 */
import { constants } from 'node:os';

export type ShutdownReason = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'parent-exit';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** How often the parent is checked; a getppid() call, so cheap enough to keep short. */
export const PARENT_POLL_MS = 100;

/** Taken when the module loads (at start-up), so a parent that dies while we start is noticed too. */
const PARENT_PID_AT_START = process.ppid;

export interface ShutdownOptions {
  parentPollMs?: number;
  /** The parent whose exit means "stop"; default: the parent when this process started. */
  parentPid?: number;
}

/**
 * Resolves with the first reason to stop. From then on a second signal ends the process at once
 * (exit 128 + signal number), as a second Ctrl-C does: the guardians still clean up after it.
 */
export function waitForShutdown(options: ShutdownOptions = {}): Promise<ShutdownReason> {
  const parentPid = options.parentPid ?? PARENT_PID_AT_START;
  return new Promise((resolve) => {
    let done = false;
    const finish = (reason: ShutdownReason): void => {
      if (done) return;
      done = true;
      clearInterval(parentWatch);
      for (const signal of SIGNALS) {
        process.off(signal, onSignal);
        process.once(signal, () => process.exit(128 + constants.signals[signal]));
      }
      resolve(reason);
    };
    const onSignal = (signal: NodeJS.Signals): void => finish(signal === 'SIGINT' || signal === 'SIGHUP' ? signal : 'SIGTERM');
    for (const signal of SIGNALS) process.on(signal, onSignal);
    const checkParent = (): void => {
      if (process.ppid !== parentPid) finish('parent-exit');
    };
    const parentWatch = setInterval(checkParent, options.parentPollMs ?? PARENT_POLL_MS);
    // The device's own handles keep the process alive; this check alone must not.
    parentWatch.unref();
    checkParent();
  });
}
