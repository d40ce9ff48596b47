/**
 * `haipump sim --personality hai (--port PATH | --pty)`: one emulated device on a serial line.
 * With --pty it makes the pseudo-terminal pair itself (socat), runs the device on one end and
 * prints the other end's path for the host. Runs until SIGINT/SIGTERM, then flushes NVM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { RealClock } from '../../model/clock.ts';
import { DEFAULT_PUMP_PROFILE } from '../../model/defaultProfile.ts';
import type { PumpProfile } from '../../model/profile.ts';
import { loadProfile } from '../../profiles/load.ts';
import { FileNvm } from '../../../firmware-sim/hal/nvm-file.ts';
import { MemoryNvm } from '../../../firmware-sim/hal/nvm-memory.ts';
import type { Nvm } from '../../../firmware-sim/hal/types.ts';
import { openSerialUart } from '../../../firmware-sim/hal/uart-serialport.ts';
import { createHaiDevice, type HaiDevice } from '../../../firmware-sim/personalities/hai/index.ts';
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
    profile: z.string().min(1).optional(),
    baud: numberFlag.pipe(z.number().int().positive()).default(115200),
    telemetryS: numberFlag.pipe(z.number().int().min(0).max(86_400)).default(0),
    json: z.boolean().default(false),
  })
  .refine((o) => (o.port === undefined) !== !o.pty, { message: 'give exactly one of --port PATH or --pty', path: ['port'] });
export type SimOptions = z.output<typeof SimOptions>;

export interface RunningSim {
  /** The path a host opens: the pty's other end, or the --port path. */
  readonly port: string;
  readonly device: HaiDevice;
  /** Flushes NVM, closes the port, stops socat. Idempotent. */
  stop(): Promise<void>;
}

/** Starts socat with two linked ptys under a fresh temp dir and waits until both links exist. */
async function startPtyPair(): Promise<{ devicePath: string; hostPath: string; socat: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'haipump-sim-'));
  const devicePath = join(dir, 'dev');
  const hostPath = join(dir, 'host');
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${hostPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  socat.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const failed = new Promise<never>((_, reject) => {
    socat.once('error', (error) => reject(new CliError(`cannot start socat: ${error.message}`)));
    socat.once('exit', (code) => reject(new CliError(`socat exited (${code ?? 'signal'}): ${stderr.trim().split('\n').pop() ?? ''}`)));
  });
  const ready = (async () => {
    for (let i = 0; i < 200; i++) {
      if (existsSync(devicePath) && existsSync(hostPath)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new CliError('socat did not create the pty pair within 2 s');
  })();
  try {
    await Promise.race([ready, failed]);
  } catch (error) {
    socat.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  failed.catch(() => undefined);
  return { devicePath, hostPath, socat, dir };
}

/** Starts the device; `profile` may be given directly (tests) instead of by --profile name. */
export async function startSim(options: SimOptions, profileOverride?: PumpProfile): Promise<RunningSim> {
  if (options.personality !== 'hai') throw new CliError(`personality ${options.personality} is not implemented yet (only hai)`);
  let profile: PumpProfile;
  try {
    profile = profileOverride ?? (options.profile !== undefined ? loadProfile(options.profile) : DEFAULT_PUMP_PROFILE);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const pty = options.pty ? await startPtyPair() : undefined;
  const devicePath = pty?.devicePath ?? options.port ?? '';
  let nvm: Nvm | undefined;
  try {
    nvm = options.nvm !== undefined ? new FileNvm(options.nvm) : new MemoryNvm();
    const uart = await openSerialUart(devicePath, options.baud);
    const clock = new RealClock();
    const device = createHaiDevice({
      profile,
      uart,
      clock,
      nvm,
      telemetryS: options.telemetryS,
      speed: options.speed === 'max' ? 0 : options.speed,
    });
    device.start();
    let stopped: Promise<void> | undefined;
    const openNvm = nvm;
    return {
      port: pty?.hostPath ?? devicePath,
      device,
      stop() {
        stopped ??= (async () => {
          device.stop();
          clock.clearAll();
          await uart.close();
          openNvm.close();
          if (pty !== undefined) {
            pty.socat.kill('SIGTERM');
            rmSync(pty.dir, { recursive: true, force: true });
          }
        })();
        return stopped;
      },
    };
  } catch (error) {
    nvm?.close();
    if (pty !== undefined) {
      pty.socat.kill('SIGTERM');
      rmSync(pty.dir, { recursive: true, force: true });
    }
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot start the device on ${devicePath}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function register(program: Command): void {
  program
    .command('sim')
    .description("run one emulated device on a serial line (a pty pair with --pty)")
    .option('--personality <name>', `device personality: ${PERSONALITIES.join('|')} (only hai so far)`, 'hai')
    .option('--port <path>', 'serial device to run on (a pty end or a USB adapter)')
    .option('--pty', 'create a pseudo-terminal pair with socat and print the host end')
    .option('--speed <s>', 'world speed factor, or "max" (time moves only by SIM:TIME:ADV)', '1')
    .option('--nvm <file>', 'NVM image file (state survives restarts); in memory if absent')
    .option('--profile <name>', 'pump profile name or .json path')
    .option('--baud <b>', 'baud rate', '115200')
    .option('--telemetry-s <n>', 'telemetry period in seconds at boot (0 = off)', '0')
    .option('--json', 'machine-readable output')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(SimOptions, raw);
      const sim = await startSim(options);
      if (options.json) printJsonLine({ port: sim.port });
      else process.stdout.write(`haipump sim: ${options.personality} device ready; host end: ${sim.port}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sim.stop();
    });
}
