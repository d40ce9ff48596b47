import type { PumpModel } from '../../protocols/newera/index.ts';
import { RealClock } from '../../src/model/clock.ts';
import type { Uart } from '../hal/types.ts';
import { openSerialUart } from '../hal/uart-serialport.ts';
import { Cleanups, LaunchError, openLineEnd, openNvm } from '../launch/line.ts';
import { SIM_FACTORY_BAUD } from '../launch/personalities.ts';
import { Beaker, type BeakerOptions } from '../personalities/mtsics/beaker.ts';
import { NO_DELIVERY, type DeliverySource } from '../personalities/mtsics/delivery.ts';
import type { BalanceIdentity } from '../personalities/mtsics/identity.ts';
import { createMtSicsDevice, type MtSicsDevice } from '../personalities/mtsics/index.ts';
import { fileDeliverySource } from './delivery-file.ts';
import { RIG_PUMPS, type RigPump } from './pumps.ts';
import { withDeliveryError } from './sources.ts';
import { describeError } from '../../src/model/errors.ts';

/** Where the liquid in the beaker comes from. */
export type RigSpec =
  | { kind: 'none' }
  /** A pump emulator in this process, on its own serial line (a second pty, or `pumpPort`); `limits` for a syringe pump. */
  | { kind: 'pump'; personality: string; limits?: PumpModel }
  /** A pump emulator in another process that publishes its delivery to a file (delivery-file.ts). */
  | { kind: 'file'; path: string }
  /** Anything in-process (tests). */
  | { kind: 'source'; source: DeliverySource };

export interface MtSicsSimOptions {
  /** Serial device for the balance; or `pty: true` to make a pseudo-terminal pair. */
  port?: string;
  pty?: boolean;
  /** Default: the MT-SICS factory setting; on a pty the baud rate is nominal. */
  baud?: number;
  /** World speed: 60 runs the beaker (and a rig pump) 60× faster than real time. */
  speed?: number;
  /** NVM image for the balance's zero and tare; in memory if absent. */
  nvm?: string;
  /** Start the NVM image as a new balance. */
  nvmInit?: boolean;
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
  if ((options.port === undefined) === !options.pty) throw new LaunchError('give exactly one of port or pty', 'usage');
  const rig = options.rig ?? { kind: 'none' };
  const speed = options.speed ?? 1;
  const clock = new RealClock();
  const cleanups = new Cleanups();
  cleanups.add(() => clock.clearAll());
  try {
    let pump: RigPump | undefined;
    let pumpPort: string | undefined;
    let source: DeliverySource = NO_DELIVERY;
    if (rig.kind === 'pump') {
      const factory = RIG_PUMPS[rig.personality];
      if (factory === undefined)
        throw new LaunchError(`no rig pump ${rig.personality}; known: ${Object.keys(RIG_PUMPS).join(', ')}`, 'usage');
      const line = await openLineEnd(
        options.pty === true || options.pumpPort === undefined ? { pty: true, name: 'pump' } : { port: options.pumpPort },
        cleanups,
      );
      const created = await factory({
        devicePath: line.devicePath,
        clock,
        speed,
        ...(rig.limits === undefined ? {} : { limits: rig.limits }),
      });
      pump = created;
      cleanups.add(() => created.stop());
      pumpPort = line.hostPath;
      source = created.source;
    } else if (rig.kind === 'file') {
      source = fileDeliverySource(rig.path);
    } else if (rig.kind === 'source') {
      source = rig.source;
    }
    if (options.deliveryErrorPct !== undefined && options.deliveryErrorPct !== 0)
      source = withDeliveryError(source, options.deliveryErrorPct);

    const line = await openLineEnd(
      options.pty === true || options.port === undefined ? { pty: true, name: 'balance' } : { port: options.port },
      cleanups,
    );
    let uart: Uart;
    try {
      uart = await openSerialUart(line.devicePath, options.baud ?? SIM_FACTORY_BAUD.mtsics);
    } catch (error) {
      throw new LaunchError(`cannot open ${line.devicePath}: ${describeError(error)}`, 'unreachable', { cause: error });
    }
    cleanups.add(() => uart.close());
    const nvm = openNvm({ ...(options.nvm === undefined ? {} : { file: options.nvm }), init: options.nvmInit === true });
    cleanups.add(() => nvm.close());
    const beaker = new Beaker({ ...options.beaker, source });
    const balance = createMtSicsDevice({
      uart,
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
    cleanups.add(() => balance.stop());
    return {
      port: line.hostPath,
      pumpPort,
      pumpName: pump?.name,
      balance,
      beaker,
      stop: cleanups.stopper(),
    };
  } catch (error) {
    await cleanups.run();
    throw error;
  }
}
