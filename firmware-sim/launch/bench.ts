/**
 * Bench syringe pumps (NE-1000, Pump 11 Elite) on a serial line: one, or a network of them on
 * the same line (`haipump sim --address 0 --address 1 ...`), each answering its own address.
 */
import { HARVARD_BAUD_RATES, harvardBuiltInSyringes, type SyringeTableRow } from '../../protocols/harvard/index.ts';
import { NE_BAUD_RATES, type PumpModel } from '../../protocols/newera/index.ts';
import type { SyringePumpKind } from '../../src/model/device-kinds.ts';
import { WorldTime } from '../app/world.ts';
import { deviceClockFrom } from '../hal/device-clock.ts';
import { createUartBus } from '../hal/uart-bus.ts';
import { openSwitchableSerialUart, type SwitchableUart } from '../hal/uart-serialport.ts';
import { createElite11Device, type Elite11Device } from '../personalities/elite11/index.ts';
import { createNe1000Device, type Ne1000Device } from '../personalities/ne1000/index.ts';
import { SIM_FACTORY_BAUD } from './personalities.ts';
import { LaunchError, openNvm, runOnLine, type LineSpec, type NvmSpec, type RunningOnLine } from './line.ts';

export type BenchPersonality = SyringePumpKind;

export interface BenchPumpsOptions {
  readonly personality: BenchPersonality;
  readonly line: LineSpec;
  /** The first pump's NVM; with several pumps the others keep `FILE.<address>` (or memory). */
  readonly nvm?: NvmSpec;
  /** The pump model's limits (hardware/pump-models.json). */
  readonly limits: PumpModel;
  /** The syringe table (hardware/syringes, loaded by the caller): the Elite's built-in `syrm` table is made from it. */
  readonly syringes: readonly SyringeTableRow[];
  /** The loaded syringe's inside diameter; the NVM's (or the factory's) when absent. */
  readonly diameterMm?: number;
  /** Keypad addresses; empty: one pump at the address its NVM holds. */
  readonly addresses?: readonly number[];
  readonly baud?: number;
  /** Baud of the host's end of the cable, to emulate a mismatch on a pty. */
  readonly lineBaud?: number;
  readonly speed: number | 'max';
}

/** The bench pumps on one line: one, or a network. */
export interface BenchPumpNetwork {
  readonly pumps: readonly (Ne1000Device | Elite11Device)[];
  start(): void;
  stop(): void;
}

export type RunningBenchPumps = RunningOnLine<BenchPumpNetwork>;

function nvmFor(base: NvmSpec, address: number): NvmSpec {
  return base.file === undefined ? {} : { file: `${base.file}.${address}`, ...(base.init === undefined ? {} : { init: base.init }) };
}

export function startBenchPumps(options: BenchPumpsOptions): Promise<RunningBenchPumps> {
  const { personality } = options;
  const baud = options.baud ?? SIM_FACTORY_BAUD[personality];
  const neBaud = NE_BAUD_RATES.find((b) => b === baud);
  const eliteBaud = HARVARD_BAUD_RATES.find((b) => b === baud);
  if ((personality === 'ne1000' ? neBaud : eliteBaud) === undefined) {
    const allowed: readonly number[] = personality === 'ne1000' ? NE_BAUD_RATES : HARVARD_BAUD_RATES;
    return Promise.reject(new LaunchError(`--baud ${baud}: ${personality} supports ${allowed.join(', ')}`, 'usage'));
  }
  const addresses: readonly (number | undefined)[] =
    options.addresses !== undefined && options.addresses.length > 0 ? options.addresses : [undefined];
  if (new Set(addresses).size !== addresses.length)
    return Promise.reject(new LaunchError('each pump on a line needs its own address', 'usage'));
  const nvmSpec = options.nvm ?? {};
  return runOnLine<SwitchableUart, BenchPumpNetwork>(
    options.line,
    nvmSpec,
    (path) => openSwitchableSerialUart(path, baud),
    (line) => {
      const bus = createUartBus(line.uart);
      // One world for the whole network: a time jump sent to any pump moves every pump.
      const world = new WorldTime(deviceClockFrom(line.clock), options.speed === 'max' ? 0 : options.speed);
      const pumps = addresses.map((address, index) => {
        let nvm = line.nvm;
        if (index > 0) {
          const own = openNvm(nvmFor(nvmSpec, address ?? index));
          line.cleanups.add(() => own.close());
          nvm = own;
        }
        const common = {
          uart: bus.tap(),
          clock: line.clock,
          nvm,
          limits: options.limits,
          address,
          diameterMm: options.diameterMm,
          lineBaud: options.lineBaud,
          world,
          // Wake on RX: replies in well under a tick, as a real pump's UART interrupt would.
          sleepWhenIdle: true,
          // Different seeds: a network's pumps must not share their noise.
          seed: index + 1,
        };
        return personality === 'ne1000'
          ? createNe1000Device({ ...common, baud: neBaud })
          : // The first pump is the one wired to the computer: it alone answers unaddressed lines.
            createElite11Device({ ...common, baud: eliteBaud, chainHead: index === 0, syringes: harvardBuiltInSyringes(options.syringes) });
      });
      return {
        pumps,
        start: () => {
          for (const pump of pumps) pump.start();
        },
        stop: () => {
          for (const pump of pumps) pump.stop();
        },
      };
    },
  );
}
