/**
 * The cable a host plugs into, for tests that restart an emulator: a socat joining a stable
 * host path to the emulator's pty (a restarted `haipump sim --pty` gets a new one). Stopping it
 * makes the host's port vanish; a new relay on the same path is the replug.
 */
import { unlink } from 'node:fs/promises';
import { ptyAddress, startSocat, type SocatProcess } from '../../../firmware-sim/hal/pty.ts';

export interface Relay {
  /** Stops socat and removes the link (it would point at a dead pts): the port is gone. */
  stop(): Promise<void>;
}

export async function startRelay(hostLink: string, simPort: string): Promise<Relay> {
  const socat: SocatProcess = await startSocat([ptyAddress(hostLink), `${simPort},raw,echo=0`], [hostLink]);
  return {
    async stop() {
      await socat.stop();
      await unlink(hostLink).catch(() => undefined);
    },
  };
}
