/**
 * A pseudo-terminal pair made by socat, for HIL tests over the real serialport bindings: the
 * emulators' own pty pair (firmware-sim/hal/pty.ts), named the way these tests think of it.
 *
 * `a` and `b` are symlinks in a fresh temp dir (stable names, so `restart()` can simulate an
 * unplug/replug of "the same device"). Every socat is tracked and killed on process exit, so a
 * failing test never leaves one behind.
 */
import {
  createPtyPair as createLinkedPtys,
  type PtyPair as LinkedPtys,
  type PtyPairOptions as LinkedPtysOptions,
} from '../../firmware-sim/hal/pty.ts';

export type { RestartOptions } from '../../firmware-sim/hal/pty.ts';

/** `dir`: for the links; a fresh temp dir (removed on close) when omitted. */
export type PtyPairOptions = Pick<LinkedPtysOptions, 'dir' | 'readyTimeoutMs' | 'socatPath'>;

export interface PtyPair extends Pick<LinkedPtys, 'socatPid' | 'close' | 'restart'> {
  /** Link to one end (the host side in our tests). */
  readonly a: string;
  /** Link to the other end (the peer / device side). */
  readonly b: string;
}

export async function createPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const pair = await createLinkedPtys({ ...options, prefix: 'pty', links: { host: 'a', device: 'b' } });
  return {
    a: pair.hostPath,
    b: pair.devicePath,
    get socatPid() {
      return pair.socatPid;
    },
    close: () => pair.close(),
    restart: (restartOptions) => pair.restart(restartOptions),
  };
}
