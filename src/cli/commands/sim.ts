/**
 * `haipump sim --personality hai|ne1000|elite11|mtsics (--port PATH | --pty)`: one emulated device on a serial line.
 * With --pty it makes the pseudo-terminal pair itself (socat), runs the device on one end and
 * prints the other end's path for the host. Runs until SIGINT/SIGTERM/SIGHUP or its parent exits,
 * then flushes NVM.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { RealClock } from '../../model/clock.ts';
import { DEFAULT_PUMP_PROFILE } from '../../model/defaultProfile.ts';
import type { PumpProfile } from '../../model/profile.ts';
import { loadProfile } from '../../profiles/load.ts';
import { FileNvm } from '../../../firmware-sim/hal/nvm-file.ts';
import { MemoryNvm } from '../../../firmware-sim/hal/nvm-memory.ts';
import { createPtyPair, type PtyPair } from '../../../firmware-sim/hal/pty.ts';
import { waitForShutdown } from '../../../firmware-sim/hal/shutdown.ts';
import type { Nvm, Uart } from '../../../firmware-sim/hal/types.ts';
import { createUartBus } from '../../../firmware-sim/hal/uart-bus.ts';
import { WorldTime } from '../../../firmware-sim/app/world.ts';
import { openSerialUart, openSwitchableSerialUart, type SwitchableUart } from '../../../firmware-sim/hal/uart-serialport.ts';
import { createHaiDevice, type HaiDevice } from '../../../firmware-sim/personalities/hai/index.ts';
import { createNe1000Device, type Ne1000Device } from '../../../firmware-sim/personalities/ne1000/index.ts';
import { createElite11Device, type Elite11Device } from '../../../firmware-sim/personalities/elite11/index.ts';
import { HARVARD_BAUD_RATES } from '../../../protocols/harvard/index.ts';
import { NE_BAUD_RATES } from '../../../protocols/newera/index.ts';
import type { PumpModel } from '../../../protocols/newera/index.ts';
import { findPumpModel, findSyringe } from '../../devices/syringes.ts';
import { startMtSicsSim, type RigSpec } from '../../../firmware-sim/rig/start.ts';
import { CliError, numberFlag, parseOptions, printJsonLine } from '../shared.ts';

const PERSONALITIES = ['hai', 'ne1000', 'elite11', 'mtsics'] as const;

const SimOptions = z
  .object({
    personality: z.enum(PERSONALITIES).default('hai'),
    port: z.string().min(1).optional(),
    pty: z.boolean().default(false),
    // "max": world time stands still except for SIM:TIME:ADV, which jumps exactly and at once.
    speed: z.union([z.literal('max'), numberFlag.pipe(z.number().min(0).max(1_000_000))]).default(1),
    nvm: z.string().min(1).optional(),
    nvmInit: z.boolean().optional(),
    profile: z.string().min(1).optional(),
    // Default by personality: hai 115200, ne1000 19200, elite11 115200.
    baud: numberFlag.pipe(z.number().int().positive()).optional(),
    /** Bench pumps: pump address 0..99 (as set on the keypad); several put a network on one line. */
    address: z
      .array(numberFlag.pipe(z.number().int().min(0).max(99)))
      .default([])
      .refine((addresses) => new Set(addresses).size === addresses.length, { message: 'each pump on a line needs its own address' }),
    /** Bench pumps: syringe loaded (sets the diameter), e.g. bd-plastipak-10ml. */
    syringe: z.string().min(1).optional(),
    /** Bench pumps: baud of the host's end of the cable, to emulate a mismatch on a pty. */
    lineBaud: numberFlag.pipe(z.number().int().positive()).optional(),
    telemetryS: numberFlag.pipe(z.number().int().min(0).max(86_400)).default(0),
    json: z.boolean().default(false),
  })
  .refine((o) => (o.port === undefined) !== !o.pty, { message: 'give exactly one of --port PATH or --pty', path: ['port'] })
  .refine((o) => o.address.length <= 1 || o.personality === 'ne1000' || o.personality === 'elite11', {
    message: 'several --address values make a pump network: ne1000 or elite11 only',
    path: ['address'],
  });
type ParsedSimOptions = z.output<typeof SimOptions>;
/** What the launchers take: the parsed flags, with no --address meaning one pump at its own. */
export type SimOptions = Omit<ParsedSimOptions, 'address'> & { address?: readonly number[] };

/** The simulated balance's own flags (`--personality mtsics`); the rig couples it to a pump. */
const BalanceOptions = z.object({
  rig: z
    .string()
    .regex(/^(ne1000|hai|file:.+)$/, 'ne1000, hai or file:PATH')
    .optional(),
  pumpPort: z.string().min(1).optional(),
  deliveryErrorPct: numberFlag.pipe(z.number().min(-50).max(50)).default(0),
  evaporationMgPerMin: numberFlag.pipe(z.number().min(0).max(100)).optional(),
  oil: z.boolean().default(true),
  dropMg: z
    .string()
    .regex(/^\d+(\.\d+)?(-\d+(\.\d+)?)?$/, 'MIN-MAX in mg, e.g. 20-50')
    .optional(),
  noiseMg: numberFlag.pipe(z.number().min(0).max(1000)).optional(),
  settleMs: numberFlag.pipe(z.number().min(0).max(60_000)).optional(),
  capacityG: numberFlag.pipe(z.number().positive().max(100_000)).optional(),
  panG: numberFlag.pipe(z.number().min(0).max(100_000)).optional(),
});

function rigOf(text: string | undefined): RigSpec {
  if (text === undefined) return { kind: 'none' };
  if (text.startsWith('file:')) return { kind: 'file', path: text.slice('file:'.length) };
  return { kind: 'pump', personality: text };
}

async function startBalanceSim(options: SimOptions, raw: Record<string, unknown>): Promise<{ port: string; pumpPort: string | undefined; stop(): Promise<void> }> {
  const balance = parseOptions(BalanceOptions, raw);
  const drops = balance.dropMg?.split('-').map(Number);
  try {
    return await startMtSicsSim({
      ...(options.pty ? { pty: true } : { port: options.port }),
      pumpPort: balance.pumpPort,
      rig: rigOf(balance.rig),
      speed: options.speed === 'max' ? undefined : options.speed,
      baud: options.baud ?? 9600,
      nvm: options.nvm,
      deliveryErrorPct: balance.deliveryErrorPct,
      identity: balance.capacityG === undefined ? undefined : { capacityG: balance.capacityG },
      beaker: {
        oilLayer: balance.oil,
        ...(balance.evaporationMgPerMin === undefined ? {} : { evaporationMgPerMin: balance.evaporationMgPerMin }),
        ...(drops === undefined ? {} : { dropMinMg: drops[0], dropMaxMg: drops[1] ?? drops[0] }),
        ...(balance.noiseMg === undefined ? {} : { noiseSdMg: balance.noiseMg }),
        ...(balance.settleMs === undefined ? {} : { settleMs: balance.settleMs }),
        ...(balance.panG === undefined ? {} : { containerG: balance.panG }),
      },
    });
  } catch (error) {
    throw new CliError(`cannot start the balance: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A device running on a serial line opened by `runOnLine`. */
export interface RunningOnLine<D> {
  /** The path a host opens: the pty's other end, or the --port path. */
  readonly port: string;
  readonly device: D;
  /** Stops the device, flushes NVM, closes the port, stops socat. Idempotent. */
  stop(): Promise<void>;
}

export type RunningSim = RunningOnLine<HaiDevice>;

/** The bench pumps on one line: one, or a network (one per `--address`). */
export interface BenchPumpNetwork {
  readonly pumps: readonly (Ne1000Device | Elite11Device)[];
  start(): void;
  stop(): void;
}
export type RunningBenchSim = RunningOnLine<BenchPumpNetwork>;

/** With several pumps, each keeps its own NVM: `FILE` for the first, `FILE.<address>` for the others. */
function nvmPathFor(base: string | undefined, address: number, index: number): string | undefined {
  if (base === undefined || index === 0) return base;
  return `${base}.${address}`;
}

interface Line<U extends Uart> {
  uart: U;
  clock: RealClock;
  nvm: Nvm;
}

async function openPty(): Promise<PtyPair> {
  try {
    return await createPtyPair({ prefix: 'sim' });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Opens the line (a fresh pty pair with --pty, else --port), the NVM and a real clock, then
 * creates and starts the device on them; whatever was opened is closed again if that fails.
 */
async function runOnLine<U extends Uart, D extends { start(): void; stop(): void }>(
  options: SimOptions,
  openUart: (path: string) => Promise<U>,
  create: (line: Line<U>) => D,
): Promise<RunningOnLine<D>> {
  const pty = options.pty ? await openPty() : undefined;
  const devicePath = pty?.devicePath ?? options.port ?? '';
  const clock = new RealClock();
  let nvm: Nvm | undefined;
  let uart: U | undefined;
  try {
    nvm = options.nvm !== undefined ? new FileNvm(options.nvm, { init: options.nvmInit === true }) : new MemoryNvm();
    uart = await openUart(devicePath);
    const line: Line<U> = { uart, clock, nvm };
    const device = create(line);
    device.start();
    let stopped: Promise<void> | undefined;
    return {
      port: pty?.hostPath ?? devicePath,
      device,
      stop() {
        stopped ??= (async () => {
          device.stop();
          clock.clearAll();
          await line.uart.close();
          line.nvm.close();
          await pty?.close();
        })();
        return stopped;
      },
    };
  } catch (error) {
    clock.clearAll();
    await uart?.close().catch(() => undefined);
    nvm?.close();
    await pty?.close();
    if (error instanceof CliError) throw error;
    // The NVM opened and the port did not: the line cannot be reached (exit 3).
    throw new CliError(`cannot start the device on ${devicePath}: ${error instanceof Error ? error.message : String(error)}`, nvm !== undefined && uart === undefined ? 'unreachable' : 'failure');
  }
}

/** Starts the device; `profile` may be given directly (tests) instead of by --profile name. */
export async function startSim(options: SimOptions, profileOverride?: PumpProfile): Promise<RunningSim> {
  if (options.personality !== 'hai') throw new CliError(`personality ${options.personality}: use startBenchSim (hai only here)`);
  let profile: PumpProfile;
  try {
    profile = profileOverride ?? (options.profile !== undefined ? loadProfile(options.profile) : DEFAULT_PUMP_PROFILE);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 'usage');
  }
  return runOnLine(
    options,
    (path) => openSerialUart(path, options.baud ?? 115200),
    (line) =>
      createHaiDevice({
        ...line,
        profile,
        telemetryS: options.telemetryS,
        speed: options.speed === 'max' ? 0 : options.speed,
        // Wake on a received byte or the next device event instead of polling every tick.
        sleepWhenIdle: true,
      }),
  );
}

/** Starts emulated bench syringe pumps (ne1000 / elite11) on a pty or a port: one per address, on one line. */
export async function startBenchSim(options: SimOptions): Promise<RunningBenchSim> {
  const personality = options.personality;
  if (personality !== 'ne1000' && personality !== 'elite11') throw new CliError(`personality ${personality} is not a bench pump`);
  const baud = options.baud ?? (personality === 'ne1000' ? 19200 : 115200);
  const allowed: readonly number[] = personality === 'ne1000' ? NE_BAUD_RATES : HARVARD_BAUD_RATES;
  if (!allowed.includes(baud)) throw new CliError(`--baud ${baud}: ${personality} supports ${allowed.join(', ')}`, 'usage');
  let diameterMm: number | undefined;
  let limits: PumpModel;
  try {
    diameterMm = options.syringe === undefined ? undefined : findSyringe(options.syringe).insideDiameterMm;
    limits = findPumpModel(personality);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 'usage');
  }
  // No --address: one pump, at the address its NVM (or the factory) says.
  const addresses: readonly (number | undefined)[] = options.address !== undefined && options.address.length > 0 ? options.address : [undefined];
  const extraNvms: Nvm[] = [];
  return runOnLine<SwitchableUart, BenchPumpNetwork>(
    options,
    (path) => openSwitchableSerialUart(path, baud),
    (line) => {
      const bus = createUartBus(line.uart);
      // One world for the whole network: a time jump sent to any pump moves every pump.
      const world = new WorldTime(line.clock, options.speed === 'max' ? 0 : options.speed);
      const pumps = addresses.map((address, index) => {
        const nvmPath = nvmPathFor(options.nvm, address ?? 0, index);
        let nvm = line.nvm;
        if (index > 0) {
          nvm = nvmPath !== undefined ? new FileNvm(nvmPath) : new MemoryNvm();
          extraNvms.push(nvm);
        }
        const common = {
          uart: bus.tap(),
          clock: line.clock,
          nvm,
          limits,
          address,
          diameterMm,
          lineBaud: options.lineBaud,
          world,
          // Wake on RX: replies in well under a tick, as a real pump's UART interrupt would.
          sleepWhenIdle: true,
          // Different seeds: a network's pumps must not share their noise.
          seed: index + 1,
        };
        return personality === 'ne1000'
          ? createNe1000Device({ ...common, baud: NE_BAUD_RATES.find((b) => b === baud) })
          : // The first pump is the one wired to the computer: it alone answers unaddressed lines.
            createElite11Device({ ...common, baud: HARVARD_BAUD_RATES.find((b) => b === baud), chainHead: index === 0 });
      });
      return {
        pumps,
        start: () => pumps.forEach((pump) => pump.start()),
        stop: () => {
          pumps.forEach((pump) => pump.stop());
          for (const nvm of extraNvms.splice(0)) nvm.close();
        },
      };
    },
  );
}

export function register(program: Command): void {
  program
    .command('sim')
    .description("run one emulated device on a serial line (a pty pair with --pty)")
    .option('--personality <name>', `device personality: ${PERSONALITIES.join('|')}`, 'hai')
    .option('--port <path>', 'serial device to run on (a pty end or a USB adapter)')
    .option('--pty', 'create a pseudo-terminal pair with socat and print the host end')
    .option('--speed <s>', 'world speed factor, or "max" (time moves only by SIM:TIME:ADV)', '1')
    .option('--nvm <file>', 'NVM image file (state survives restarts); in memory if absent')
    .option('--nvm-init', 'start --nvm FILE as a new device (empties it); otherwise only a missing file is new')
    .option('--profile <name>', 'pump profile name or .json path')
    .option('--baud <b>', 'baud rate (default: hai 115200, ne1000 19200, elite11 115200)')
    .option('--address <n>', 'bench pumps: pump address 0..99 (keypad setup; overrides NVM); repeat for a pump network on one line', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--syringe <name>', 'bench pumps: syringe loaded, e.g. bd-plastipak-10ml (sets the diameter)')
    .option('--line-baud <b>', "bench pumps: the host end's baud on a pty, to emulate a baud mismatch")
    .option('--telemetry-s <n>', 'telemetry period in seconds at boot (0 = off)', '0')
    .option('--rig <pump>', 'balance: weigh what a pump delivers: ne1000 | hai (in this process, on a second pty) | file:PATH')
    .option('--pump-port <path>', 'balance with --rig and --port: the serial device for the rig pump')
    .option('--delivery-error-pct <e>', 'balance: liquid arriving differs from the pump count by this %')
    .option('--evaporation-mg-per-min <m>', 'balance: evaporation without an oil layer')
    .option('--no-oil', 'balance: no oil layer on the collecting water (evaporation applies)')
    .option('--drop-mg <min-max>', 'balance: drop mass range, e.g. 20-50 (0 = a stream)')
    .option('--noise-mg <sd>', 'balance: reading noise (standard deviation)')
    .option('--settle-ms <ms>', 'balance: settling time after a drop')
    .option('--capacity-g <g>', 'balance: capacity (overload above it)')
    .option('--pan-g <g>', 'balance: load on the pan at power-up (default 100, a beaker with water; 0 = empty pan, zeroed at power-up)')
    .option('--json', 'machine-readable output')
    .action(async (raw: Record<string, unknown>) => {
      const { rig, pumpPort, deliveryErrorPct, evaporationMgPerMin, oil, dropMg, noiseMg, settleMs, capacityG, panG, ...common } = raw;
      const options = parseOptions(SimOptions, common);
      if (options.personality === 'mtsics') {
        const balance = await startBalanceSim(options, { rig, pumpPort, deliveryErrorPct, evaporationMgPerMin, oil, dropMg, noiseMg, settleMs, capacityG, panG });
        if (options.json) printJsonLine({ port: balance.port, pumpPort: balance.pumpPort ?? null });
        else {
          process.stdout.write(`haipump sim: mtsics balance ready; host end: ${balance.port}\n`);
          if (balance.pumpPort !== undefined) process.stdout.write(`haipump sim: rig pump ready; host end: ${balance.pumpPort}\n`);
        }
        await waitForShutdown();
        await balance.stop();
        return;
      }
      const sim = options.personality === 'ne1000' || options.personality === 'elite11' ? await startBenchSim(options) : await startSim(options);
      const addresses = options.address.length > 1 ? ` (pumps at addresses ${options.address.join(', ')})` : '';
      if (options.json) printJsonLine({ port: sim.port, ...(options.address.length > 1 ? { addresses: options.address } : {}) });
      else process.stdout.write(`haipump sim: ${options.personality} device ready${addresses}; host end: ${sim.port}\n`);
      await waitForShutdown();
      await sim.stop();
    });
}
