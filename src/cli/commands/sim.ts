/**
 * `haipump sim --personality hai|ne1000|elite11|mtsics (--port PATH | --pty)`: one emulated device on a serial line.
 * With --pty it makes the pseudo-terminal pair itself (socat), runs the device on one end and
 * prints the other end's path for the host. Runs until SIGINT/SIGTERM/SIGHUP or its parent exits,
 * then flushes NVM.
 */
import type { Command } from 'commander';
import * as z from 'zod';
import { DEFAULT_PUMP_PROFILE } from '../../model/default-profile.ts';
import { HaipumpError, describeError } from '../../model/errors.ts';
import type { PumpProfile } from '../../model/profile.ts';
import { loadProfile } from '../../profiles/load.ts';
import { benchPumpHardware, findPumpModel, findSyringe } from '../../devices/syringes.ts';
import { waitForShutdown } from '../../../firmware-sim/hal/shutdown.ts';
import { startBenchPumps, type RunningBenchPumps } from '../../../firmware-sim/launch/bench.ts';
import { startHaiEmulator, type RunningHaiEmulator } from '../../../firmware-sim/launch/hai.ts';
import type { LineSpec, NvmSpec } from '../../../firmware-sim/launch/line.ts';
import { startMtSicsSim, type RigSpec } from '../../../firmware-sim/rig/start.ts';
import { CliError, numberFlag, parseOptions, printJsonLine } from '../shared.ts';

import { SIM_FACTORY_BAUD, SIM_PERSONALITIES as PERSONALITIES } from '../../../firmware-sim/launch/personalities.ts';

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
    // Default: the personality's factory baud.
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
  return text === 'ne1000'
    ? { kind: 'pump', personality: text, limits: resolve(() => findPumpModel('ne1000')) }
    : { kind: 'pump', personality: text };
}

async function startBalanceSim(
  options: SimOptions,
  raw: Record<string, unknown>,
): Promise<{ port: string; pumpPort: string | undefined; stop(): Promise<void> }> {
  const balance = parseOptions(BalanceOptions, raw);
  const drops = balance.dropMg?.split('-').map(Number);
  try {
    return await startMtSicsSim({
      ...(options.pty ? { pty: true } : { port: options.port }),
      pumpPort: balance.pumpPort,
      rig: rigOf(balance.rig),
      speed: options.speed === 'max' ? undefined : options.speed,
      baud: options.baud,
      nvm: options.nvm,
      nvmInit: options.nvmInit === true,
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
    if (error instanceof HaipumpError) throw error;
    throw new CliError(`cannot start the balance: ${describeError(error)}`);
  }
}

function lineOf(options: SimOptions): LineSpec {
  return options.pty || options.port === undefined ? { pty: true } : { port: options.port };
}

function nvmOf(options: SimOptions): NvmSpec {
  return { ...(options.nvm === undefined ? {} : { file: options.nvm }), ...(options.nvmInit === true ? { init: true } : {}) };
}

/** Resolves a hardware/ name given on the command line (a syringe, a profile): a typo is usage. */
function resolve<T>(lookup: () => T): T {
  try {
    return lookup();
  } catch (error) {
    throw new CliError(describeError(error), 'usage');
  }
}

/** Starts the HAI emulator; `profile` may be given directly (tests) instead of by --profile name. */
function startSim(options: SimOptions, profileOverride?: PumpProfile): Promise<RunningHaiEmulator> {
  const profile =
    profileOverride ?? (options.profile !== undefined ? resolve(() => loadProfile(options.profile ?? '')) : DEFAULT_PUMP_PROFILE);
  return startHaiEmulator({
    line: lineOf(options),
    nvm: nvmOf(options),
    profile,
    baud: options.baud,
    telemetryS: options.telemetryS,
    speed: options.speed,
  });
}

/** Starts emulated bench syringe pumps (ne1000 / elite11): one per address, on one line. */
function startBenchSim(options: SimOptions): Promise<RunningBenchPumps> {
  const personality = options.personality;
  if (personality !== 'ne1000' && personality !== 'elite11')
    throw new CliError(`--personality ${personality} is not a bench pump`, 'usage');
  return startBenchPumps({
    personality,
    line: lineOf(options),
    nvm: nvmOf(options),
    ...resolve(() => benchPumpHardware(personality)),
    diameterMm: options.syringe === undefined ? undefined : resolve(() => findSyringe(options.syringe ?? '').insideDiameterMm),
    addresses: options.address ?? [],
    baud: options.baud,
    lineBaud: options.lineBaud,
    speed: options.speed,
  });
}

export function configure(command: Command): void {
  command
    .option('--personality <name>', `device personality: ${PERSONALITIES.join('|')}`, 'hai')
    .option('--port <path>', 'serial device to run on (a pty end or a USB adapter)')
    .option('--pty', 'create a pseudo-terminal pair with socat and print the host end')
    .option('--speed <s>', 'world speed factor, or "max" (time moves only by SIM:TIME:ADV)', '1')
    .option('--nvm <file>', 'NVM image file (state survives restarts); in memory if absent')
    .option('--nvm-init', 'start --nvm FILE as a new device (empties it); otherwise only a missing file is new')
    .option('--profile <name>', 'pump profile name or .json path')
    .option('--baud <b>', `baud rate (default: ${PERSONALITIES.map((p) => `${p} ${SIM_FACTORY_BAUD[p]}`).join(', ')})`)
    .option(
      '--address <n>',
      'bench pumps: pump address 0..99 (keypad setup; overrides NVM); repeat for a pump network on one line',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
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
        const balance = await startBalanceSim(options, {
          rig,
          pumpPort,
          deliveryErrorPct,
          evaporationMgPerMin,
          oil,
          dropMg,
          noiseMg,
          settleMs,
          capacityG,
          panG,
        });
        if (options.json) printJsonLine({ port: balance.port, pumpPort: balance.pumpPort ?? null });
        else {
          process.stdout.write(`haipump sim: mtsics balance ready; host end: ${balance.port}\n`);
          if (balance.pumpPort !== undefined) process.stdout.write(`haipump sim: rig pump ready; host end: ${balance.pumpPort}\n`);
        }
        await waitForShutdown();
        await balance.stop();
        return;
      }
      const sim =
        options.personality === 'ne1000' || options.personality === 'elite11' ? await startBenchSim(options) : await startSim(options);
      const addresses = options.address.length > 1 ? ` (pumps at addresses ${options.address.join(', ')})` : '';
      if (options.json) printJsonLine({ port: sim.port, ...(options.address.length > 1 ? { addresses: options.address } : {}) });
      else process.stdout.write(`haipump sim: ${options.personality} device ready${addresses}; host end: ${sim.port}\n`);
      await waitForShutdown();
      await sim.stop();
    });
}
