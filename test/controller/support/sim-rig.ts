/**
 * The emulator children (support/sim-child.ts) and relays (support/relay.ts) a test file starts,
 * in a temporary folder of its own: each one is tracked, and after the file's tests every sim is
 * stopped, every relay stopped and the folder removed (a failing test leaves nothing behind).
 * Call `simRig` at the top of the file, where vitest takes its `afterAll`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { startRelay, type Relay } from './relay.ts';
import { startSimChild, type SimChild } from './sim-child.ts';

/** An emulator and the cable the host plugs into (a relay on a stable host path). */
export interface PluggedSim {
  sim: SimChild;
  relay: Relay;
}

export interface SimRig {
  /** A path in the rig's temporary folder. */
  path(name: string): string;
  /** `startSimChild(args)`, tracked. */
  startSim(args?: string[]): Promise<SimChild>;
  /** `startRelay(hostLink, simPort)`, tracked. */
  startRelay(hostLink: string, simPort: string): Promise<Relay>;
  /** A sim, and a relay from `hostLink` to it. */
  startPlugged(args: string[], hostLink: string): Promise<PluggedSim>;
  /** SIGKILLs the sim (its own socat dies with it) and stops its relay: the host's port is gone. */
  kill(plugged: PluggedSim): Promise<void>;
}

export function simRig(prefix: string): SimRig {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const children: SimChild[] = [];
  const relays: Relay[] = [];
  afterAll(async () => {
    for (const sim of children) await sim.stop();
    for (const relay of relays) await relay.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const rig: SimRig = {
    path: (name) => join(dir, name),
    async startSim(args = []) {
      const sim = await startSimChild(args);
      children.push(sim);
      return sim;
    },
    async startRelay(hostLink, simPort) {
      const relay = await startRelay(hostLink, simPort);
      relays.push(relay);
      return relay;
    },
    async startPlugged(args, hostLink) {
      const sim = await rig.startSim(args);
      return { sim, relay: await rig.startRelay(hostLink, sim.port) };
    },
    async kill({ sim, relay }) {
      const exited = new Promise<void>((resolve) => sim.child.once('exit', () => resolve()));
      sim.child.kill('SIGKILL');
      await Promise.all([exited, relay.stop()]);
    },
  };
  return rig;
}
