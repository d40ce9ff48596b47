/**
 * Emulated devices on pseudo-terminals, for tests and the scenario runner.
 *
 * Two ways to run one, same result (a pty path a host opens like a USB pump):
 * - `in-process` (default): the launchers of `haipump sim` (firmware-sim/launch) on a pty pair the harness owns. Starts
 *   in milliseconds, many fit in one process (the fleet benchmark measures how many), and the
 *   harness owns every socat, so its exit hook can kill them even if the test process crashes.
 * - `process`: a child `haipump sim --pty --json`, read for its `{"port": ...}` line. Slower
 *   (a tsx start each), but the emulator cannot share a crash or a blocked event loop with the
 *   test; stopped with SIGTERM (it flushes NVM) and SIGKILLed by the exit hook as a backstop.
 *
 * `replug: true` puts a cable relay between the emulator and the host (firmware-sim/hal/pty.ts),
 * so a test can unplug and replug the host side while the emulated pump keeps running.
 */
import { spawn } from 'node:child_process';
import { startBenchPumps } from '../../firmware-sim/launch/bench.ts';
import { startHaiEmulator } from '../../firmware-sim/launch/hai.ts';
import { benchPumpHardware } from '../devices/syringes.ts';
import { DEFAULT_PUMP_PROFILE } from '../model/default-profile.ts';
import { loadProfile } from '../profiles/load.ts';
import { stopChild, trackChild, trackClosable } from './cleanup.ts';
import type { Personality } from './dialects/types.ts';
import { HilError } from './errors.ts';
import { createCableRelay, createPtyPair, type CableRelay, type PtyPair } from '../../firmware-sim/hal/pty.ts';
import { describeError } from '../model/errors.ts';
import type { Clock } from '../model/clock.ts';
import { HOST_CLOCK } from './host-clock.ts';
import { packagePath } from '../files/package-root.ts';

export interface EmulatorOptions {
  personality?: Personality;
  /** World speed factor, or 'max' (default): device time moves only when the test advances it. */
  speed?: number | 'max';
  /** NVM image file (state survives a restart); in memory when absent. */
  nvm?: string;
  /** Pump profile name or .json path. */
  profile?: string;
  /** Default: the personality's factory baud (SIM_FACTORY_BAUD). */
  baud?: number;
  /** Telemetry period at boot, in device seconds (0 = off). */
  telemetryS?: number;
  mode?: 'in-process' | 'process';
  /** Put an unpluggable cable in front of the pty (for unplug/replug tests). */
  replug?: boolean;
  /** The start-up backstop's clock; the host's by default. */
  clock?: Clock;
}

export interface Emulator {
  readonly personality: Personality;
  readonly mode: 'in-process' | 'process';
  readonly speed: number | 'max';
  /** The path a host opens. */
  readonly port: string;
  /** Unplug/replug the host side (needs `replug: true`). */
  readonly cable: CableRelay | undefined;
  /** Stops the emulator, its socats and the relay; removes temp dirs. Idempotent. */
  close(): Promise<void>;
}

type Resolved = EmulatorOptions & Required<Pick<EmulatorOptions, 'personality' | 'speed' | 'telemetryS'>>;

const BIN = packagePath('bin', 'haipump.js');

async function startInProcess(options: Resolved) {
  // The `hil` prefix lets a test's socat census tell the harness's ptys from its own.
  const pty: PtyPair = await createPtyPair({ prefix: 'hil' });
  let sim: { stop(): Promise<void> };
  try {
    // The launchers `haipump sim` uses, on the harness's own pty.
    const line = { port: pty.devicePath };
    const nvm = options.nvm === undefined ? {} : { file: options.nvm };
    sim =
      options.personality === 'hai'
        ? await startHaiEmulator({
            line,
            nvm,
            profile: options.profile === undefined ? DEFAULT_PUMP_PROFILE : loadProfile(options.profile),
            baud: options.baud,
            telemetryS: options.telemetryS,
            speed: options.speed,
          })
        : await startBenchPumps({
            personality: options.personality,
            line,
            nvm,
            ...benchPumpHardware(options.personality),
            baud: options.baud,
            speed: options.speed,
          });
  } catch (error) {
    await pty.close();
    throw new HilError(`cannot start the ${options.personality} emulator: ${describeError(error)}`, { cause: error });
  }
  return {
    port: pty.hostPath,
    async stop() {
      await sim.stop();
      await pty.close();
    },
  };
}

async function startChildProcess(options: Resolved) {
  const args = [BIN, 'sim', '--personality', options.personality, '--pty', '--json', '--speed', String(options.speed)];
  args.push('--telemetry-s', String(options.telemetryS));
  if (options.baud !== undefined) args.push('--baud', String(options.baud));
  if (options.nvm !== undefined) args.push('--nvm', options.nvm);
  if (options.profile !== undefined) args.push('--profile', options.profile);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  trackChild(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const port = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const clock = options.clock ?? HOST_CLOCK;
    const timer = clock.setTimeout(() => reject(new HilError('haipump sim printed no port within 30 s')), 30_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const nl = stdout.indexOf('\n');
      if (nl === -1) return;
      clock.clearTimeout(timer);
      try {
        const parsed: unknown = JSON.parse(stdout.slice(0, nl));
        if (typeof parsed === 'object' && parsed !== null && 'port' in parsed && typeof parsed.port === 'string') resolve(parsed.port);
        else reject(new HilError(`haipump sim printed ${stdout.slice(0, nl)}, not {"port": ...}`));
      } catch {
        reject(new HilError(`haipump sim printed ${stdout.slice(0, nl)}, not JSON`));
      }
    });
    child.once('exit', (code) => {
      clock.clearTimeout(timer);
      reject(new HilError(`haipump sim exited (${code ?? 'signal'}): ${stderr.trim().split('\n').pop() ?? ''}`));
    });
  }).catch(async (error: unknown) => {
    await stopChild(child);
    throw error;
  });
  return { port, stop: () => stopChild(child, 5000) };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const resolved = {
    ...options,
    personality: options.personality ?? 'hai',
    speed: options.speed ?? 'max',
    telemetryS: options.telemetryS ?? 0,
  };
  const mode = options.mode ?? 'in-process';
  const running = mode === 'process' ? await startChildProcess(resolved) : await startInProcess(resolved);
  let cable: CableRelay | undefined;
  try {
    if (options.replug === true) cable = await createCableRelay(running.port);
  } catch (error) {
    await running.stop();
    throw error;
  }
  let closed: Promise<void> | undefined;
  const emulator: Emulator = {
    personality: resolved.personality,
    mode,
    speed: resolved.speed,
    port: cable?.hostPath ?? running.port,
    cable,
    close() {
      closed ??= (async () => {
        untrack();
        await cable?.close();
        await running.stop();
      })();
      return closed;
    },
  };
  const untrack = trackClosable(emulator);
  return emulator;
}
