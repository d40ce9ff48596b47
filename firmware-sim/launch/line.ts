/**
 * The serial line an emulator runs on, as `haipump sim`, the rig and the HIL harness open it: a
 * fresh pseudo-terminal pair (socat; the host opens its other end) or a given serial device (a
 * pty end someone else made, or a USB adapter wired to a host). Plus what every emulated device
 * needs beside its line: a real clock and its NVM.
 */
import { RealClock } from '../../src/model/clock.ts';
import { HaipumpError, describeError } from '../../src/model/errors.ts';
import { FileNvm } from '../hal/nvm-file.ts';
import { MemoryNvm } from '../hal/nvm-memory.ts';
import { createPtyPair } from '../hal/pty.ts';
import type { Nvm, Uart } from '../hal/types.ts';

/** `{ pty: true }` for a fresh pseudo-terminal pair, or the device end's path. */
export type LineSpec = { readonly pty: true; readonly name?: string } | { readonly port: string };

/** Where the NVM lives: a file (`init` starts it as a new device), or memory. */
export interface NvmSpec {
  readonly file?: string;
  readonly init?: boolean;
}

/** A started emulator, from `runOnLine`. */
export interface RunningOnLine<D> {
  /** The path a host opens: the pty's other end, or the port path. */
  readonly port: string;
  readonly device: D;
  /** Stops the device, flushes NVM, closes the port, stops socat. Idempotent. */
  stop(): Promise<void>;
}

/** Why an emulator could not start; the kind says whose fault it is. */
export class LaunchError extends HaipumpError {}

/** Cleanups run last-in first-out, each once. */
export class Cleanups {
  private readonly steps: (() => Promise<void> | void)[] = [];

  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step();
  }

  /** A handle's idempotent stop(): the first call runs the cleanups, later ones wait on that run. */
  stopper(): () => Promise<void> {
    let stopped: Promise<void> | undefined;
    return () => (stopped ??= this.run());
  }
}

/** The device end of a line: a fresh pty pair, or the given serial device (the host opens the same path). */
export async function openLineEnd(spec: LineSpec, cleanups: Cleanups): Promise<{ devicePath: string; hostPath: string }> {
  if ('port' in spec) return { devicePath: spec.port, hostPath: spec.port };
  const name = spec.name ?? 'sim';
  try {
    // Named links for a second line (`/tmp/haipump-balance-XXXX/balance`), so a user can tell them apart.
    const pty = await createPtyPair(
      spec.name === undefined ? { prefix: name } : { prefix: name, links: { device: `${name}-dev`, host: name } },
    );
    cleanups.add(() => pty.close());
    return { devicePath: pty.devicePath, hostPath: pty.hostPath };
  } catch (error) {
    throw new LaunchError(`cannot make a pseudo-terminal pair: ${describeError(error)}`, 'failure', { cause: error });
  }
}

export function openNvm(spec: NvmSpec): Nvm {
  return spec.file !== undefined ? new FileNvm(spec.file, { init: spec.init === true }) : new MemoryNvm();
}

export interface Line<U extends Uart> {
  readonly uart: U;
  readonly clock: RealClock;
  readonly nvm: Nvm;
  /** Registers what the device opened beside its line (more NVMs), closed after it stops. */
  readonly cleanups: Cleanups;
}

/**
 * Opens the line, the NVM and a real clock, then creates and starts the device on them; whatever
 * was opened is closed again if that fails. A port that cannot be opened is `unreachable`.
 */
export async function runOnLine<U extends Uart, D extends { start(): void; stop(): void }>(
  spec: LineSpec,
  nvmSpec: NvmSpec,
  openUart: (path: string) => Promise<U>,
  create: (line: Line<U>) => D,
): Promise<RunningOnLine<D>> {
  const cleanups = new Cleanups();
  const clock = new RealClock();
  cleanups.add(() => clock.clearAll());
  let devicePath = 'port' in spec ? spec.port : '';
  try {
    const end = await openLineEnd(spec, cleanups);
    devicePath = end.devicePath;
    const nvm = openNvm(nvmSpec);
    cleanups.add(() => nvm.close());
    let uart: U;
    try {
      uart = await openUart(end.devicePath);
    } catch (error) {
      throw new LaunchError(`cannot open ${end.devicePath}: ${describeError(error)}`, 'unreachable', { cause: error });
    }
    cleanups.add(() => uart.close());
    const deviceCleanups = new Cleanups();
    cleanups.add(() => deviceCleanups.run());
    const device = create({ uart, clock, nvm, cleanups: deviceCleanups });
    device.start();
    cleanups.add(() => device.stop());
    return { port: end.hostPath, device, stop: cleanups.stopper() };
  } catch (error) {
    await cleanups.run();
    if (error instanceof HaipumpError) throw error;
    throw new LaunchError(`cannot start the device on ${devicePath}: ${describeError(error)}`, 'failure', { cause: error });
  }
}
