/**
 * Opening a `HilDevice`: on a fresh emulator, on a serial port (`attachDevice`), or on whatever
 * a DEV string / `HAIPUMP_DEVICE` names (`openHilDevice`). Every device opened here is registered
 * for cleanup (see cleanup.ts), so `closeAll()` and the exit hook reach it.
 */
import { dialectFor } from './dialects/index.ts';
import type { Personality } from './dialects/types.ts';
import { HilDevice } from './device.ts';
import { startEmulator, type Emulator, type EmulatorOptions } from './emulator.ts';
import { HilError, HilSilentDeviceError } from './errors.ts';
import { LineClient } from './line-client.ts';
import { describeTarget, hilTarget, parseTarget, type HilTarget } from './target.ts';
import { TranscriptRecorder } from './transcript.ts';
import type { Clock } from '../model/clock.ts';
import { HOST_CLOCK } from './host-clock.ts';
import { describeError } from '../model/errors.ts';

export interface ConnectOptions {
  /** Names the device in output (`[name] ...`) and errors. */
  name?: string;
  /** Real-time limit for one reply (default 2000 ms). */
  requestTimeoutMs?: number;
  /** Record every byte each way (see transcript.ts). */
  record?: boolean;
  /** Where `[name] ...` progress lines go (the runner passes its printer). */
  log?: (line: string) => void;
  /**
   * The clock of every real-time wait (reply timeouts, reconnects, waits on a real device);
   * the host's clock by default. Device time on an emulator is the emulator's, not this.
   */
  clock?: Clock;
}

let counter = 0;

async function connect(
  path: string,
  personality: Personality,
  baudRate: number | undefined,
  emulator: Emulator | undefined,
  description: string,
  options: ConnectOptions,
  address?: number,
): Promise<HilDevice> {
  const dialect = dialectFor(personality, address);
  const name = options.name ?? `${personality}-${++counter}`;
  const requestTimeoutMs = options.requestTimeoutMs ?? 2000;
  let worldMs: number | null = null;

  const clock = options.clock ?? HOST_CLOCK;
  const recorder =
    options.record === true
      ? new TranscriptRecorder(
          () => worldMs,
          () => clock.now(),
        )
      : undefined;
  const client = new LineClient({ path, baudRate, dialect, recorder, clock });
  let device: HilDevice | undefined;
  try {
    try {
      await client.open();
    } catch (error) {
      throw new HilSilentDeviceError(`${name}: cannot open ${path}: ${describeError(error)}`, { cause: error });
    }
    if (dialect.flush !== undefined) client.send(dialect.flush);
    const hello = await client.request(dialect.handshake, requestTimeoutMs).catch((error: unknown) => {
      throw new HilSilentDeviceError(
        `${name}: the device on ${path} did not answer ${JSON.stringify(dialect.handshake)} within ${requestTimeoutMs} ms (wrong port, baud rate or personality?)`,
        { cause: error },
      );
    });
    if (!dialect.handshakeOk(hello.text)) throw new HilError(`${name}: ${dialect.handshake} → ${hello.text}: not a ${personality} device?`);
    // Whether the SIM back door answers decides what the helpers may do, not how we opened it:
    // an emulator someone else started on a pty counts as emulated too.
    let simulated = emulator !== undefined;
    const readTimeMs = dialect.sim.readTimeMs;
    if (readTimeMs !== undefined) {
      try {
        worldMs = await readTimeMs((line) => client.request(line, requestTimeoutMs).then((r) => r.text));
        simulated = true;
      } catch (error) {
        if (error instanceof HilSilentDeviceError) throw error;
        worldMs = null;
        simulated = false;
      }
    }
    if (recorder !== undefined) recorder.phase = 'run';
    device = new HilDevice({
      name,
      dialect,
      client,
      emulator,
      simulated,
      worldTimeMs: worldMs,
      requestTimeoutMs,
      recorder,
      log: options.log,
      description,
      clock,
    });
    const owner = device;
    recorder?.setDeviceTimeSource(() => owner.deviceTimeMs);
    return device;
  } catch (error) {
    await client.close().catch(() => undefined);
    await emulator?.close();
    throw error;
  }
}

export interface StartEmulatorDeviceOptions extends EmulatorOptions, ConnectOptions {}

/** Starts an emulator on a fresh pty and connects to it. */
export async function startEmulatorDevice(options: StartEmulatorDeviceOptions = {}): Promise<HilDevice> {
  const emulator = await startEmulator(options);
  return connect(emulator.port, emulator.personality, undefined, emulator, `emulated ${emulator.personality}`, options);
}

/**
 * Connects to a device named by a DEV string: `hai:/dev/ttyUSB0`, `ne1000:/dev/ttyUSB0@19200`,
 * or `sim` / `sim:<personality>` (starts an emulator). Typically `attachDevice(process.env.HAIPUMP_DEVICE)`.
 */
export async function attachDevice(spec: string | undefined, options: ConnectOptions & EmulatorOptions = {}): Promise<HilDevice> {
  if (spec === undefined || spec.trim() === '')
    throw new HilError('attachDevice: no device given (set HAIPUMP_DEVICE, e.g. ne1000:/dev/ttyUSB0)');
  return openHilDevice(parseTarget(spec), options);
}

export async function openHilDevice(target: HilTarget, options: ConnectOptions & EmulatorOptions = {}): Promise<HilDevice> {
  if (target.kind === 'emulator') return startEmulatorDevice({ ...options, personality: target.personality });
  return connect(target.path, target.personality, target.baudRate, undefined, describeTarget(target), options, target.address);
}

/** `HAIPUMP_DEVICE` when set, else a fresh emulator of `personality` (default hai). */
export function openTargetDevice(options: ConnectOptions & EmulatorOptions = {}): Promise<HilDevice> {
  return openHilDevice(hilTarget(options.personality ?? 'hai'), options);
}
