import { RealClock } from '../../src/model/clock.ts';
import { FileNvm } from '../hal/nvm-file.ts';
import { createPtyPair } from '../hal/pty.ts';
import { MemoryNvm } from '../hal/nvm-memory.ts';
import type { Nvm, Uart } from '../hal/types.ts';
import { openSerialUart } from '../hal/uart-serialport.ts';
import { Beaker, type BeakerOptions } from '../personalities/mtsics/beaker.ts';
import { NO_DELIVERY, type DeliverySource } from '../personalities/mtsics/delivery.ts';
import type { BalanceIdentity } from '../personalities/mtsics/identity.ts';
import { createMtSicsDevice, type MtSicsDevice } from '../personalities/mtsics/index.ts';
import { fileDeliverySource } from './delivery-file.ts';
import { RIG_PUMPS, type RigPump } from './pumps.ts';
import { withDeliveryError } from './sources.ts';

/** Where the liquid in the beaker comes from. */
export type RigSpec =
  | { kind: 'none' }
  /** A pump emulator in this process, on its own serial line (a second pty, or `pumpPort`). */
  | { kind: 'pump'; personality: string }
  /** A pump emulator in another process that publishes its delivery to a file (delivery-file.ts). */
  | { kind: 'file'; path: string }
  /** Anything in-process (tests). */
  | { kind: 'source'; source: DeliverySource };

export interface MtSicsSimOptions {
  /** Serial device for the balance; or `pty: true` to make a pseudo-terminal pair. */
  port?: string;
  pty?: boolean;
  /** MT-SICS factory setting 9600 8N1; on a pty the baud rate is nominal. */
  baud?: number;
  /** World speed: 60 runs the beaker (and a rig pump) 60× faster than real time. */
  speed?: number;
  /** NVM image for the balance's zero and tare; in memory if absent. */
  nvm?: string;
  rig?: RigSpec;
  /** With a rig pump and no pty: the serial device the pump emulator runs on. */
  pumpPort?: string;
  /** The liquid arriving differs from what the pump counts by this (%): the error a run should find. */
  deliveryErrorPct?: number;
  beaker?: Partial<Omit<BeakerOptions, 'source'>>;
  identity?: Partial<BalanceIdentity>;
  decimals?: number;
  stabilityTimeoutMs?: number;
  tickMs?: number;
}

export interface RunningMtSicsSim {
  /** The path a host opens for the balance. */
  readonly port: string;
  /** With a rig pump: the path a host opens for the pump. */
  readonly pumpPort: string | undefined;
  readonly pumpName: string | undefined;
  readonly balance: MtSicsDevice;
  readonly beaker: Beaker;
  /** Stops the balance and the pump, closes ports, stops socat. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Runs the simulated balance on a serial line, optionally coupled to a pump (rig mode): the
 * beaker collects what the pump delivers. `haipump sim --personality mtsics` calls this.
 */
export async function startMtSicsSim(options: MtSicsSimOptions): Promise<RunningMtSicsSim> {
  if ((options.port === undefined) === !options.pty) throw new Error('give exactly one of port or pty');
  const rig = options.rig ?? { kind: 'none' };
  const speed = options.speed ?? 1;
  const clock = new RealClock();
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.splice(0).reverse()) await step();
  };
  try {
    let pump: RigPump | undefined;
    let pumpPort: string | undefined;
    let source: DeliverySource = NO_DELIVERY;
    if (rig.kind === 'pump') {
      const factory = RIG_PUMPS[rig.personality];
      if (factory === undefined) throw new Error(`no rig pump ${rig.personality}; known: ${Object.keys(RIG_PUMPS).join(', ')}`);
      const line = await openPath('pump', options.pty === true ? undefined : options.pumpPort, cleanups);
      const created = await factory({ devicePath: line.devicePath, clock, speed });
      pump = created;
      cleanups.push(() => created.stop());
      pumpPort = line.hostPath;
      source = created.source;
    } else if (rig.kind === 'file') {
      source = fileDeliverySource(rig.path);
    } else if (rig.kind === 'source') {
      source = rig.source;
    }
    if (options.deliveryErrorPct !== undefined && options.deliveryErrorPct !== 0) source = withDeliveryError(source, options.deliveryErrorPct);

    const line = await openLine('balance', options.pty === true ? undefined : options.port, options.baud ?? 9600, cleanups);
    const nvm: Nvm = options.nvm !== undefined ? new FileNvm(options.nvm) : new MemoryNvm();
    cleanups.push(() => nvm.close());
    const beaker = new Beaker({ ...options.beaker, source });
    const balance = createMtSicsDevice({
      uart: line.uart,
      clock,
      nvm,
      beaker,
      speed,
      identity: options.identity,
      decimals: options.decimals,
      stabilityTimeoutMs: options.stabilityTimeoutMs,
      tickMs: options.tickMs,
    });
    balance.start();
    cleanups.push(() => balance.stop());
    let stopped: Promise<void> | undefined;
    return {
      port: line.hostPath,
      pumpPort,
      pumpName: pump?.name,
      balance,
      beaker,
      stop() {
        stopped ??= (async () => {
          await cleanup();
          clock.clearAll();
        })();
        return stopped;
      },
    };
  } catch (error) {
    await cleanup();
    clock.clearAll();
    throw error;
  }
}

/** The device end of a line: a fresh pty pair (path undefined) or the given serial device. */
async function openPath(
  name: string,
  path: string | undefined,
  cleanups: (() => Promise<void> | void)[],
): Promise<{ devicePath: string; hostPath: string }> {
  if (path !== undefined) return { devicePath: path, hostPath: path };
  // Named links (`/tmp/haipump-balance-XXXX/balance`) so a user can tell the two lines apart.
  const pty = await createPtyPair({ prefix: name, links: { device: `${name}-dev`, host: name } });
  cleanups.push(() => pty.close());
  return { devicePath: pty.devicePath, hostPath: pty.hostPath };
}

/** Opens the device end of a line as a Uart. */
async function openLine(
  name: string,
  path: string | undefined,
  baud: number,
  cleanups: (() => Promise<void> | void)[],
): Promise<{ uart: Uart; hostPath: string }> {
  const line = await openPath(name, path, cleanups);
  const uart = await openSerialUart(line.devicePath, baud);
  cleanups.push(() => uart.close());
  return { uart, hostPath: line.hostPath };
}
