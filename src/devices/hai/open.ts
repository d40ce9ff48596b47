/**
 * Factories for `HaiDevice`: on a serial port (`openHaiDevice`, the real serialport bindings) or
 * on an in-process byte pipe to firmware running in this process (`connectInProcessHai`, same
 * protocol bytes, no port). Both go through `SerialLink` + `LineTransport`, so reconnect,
 * traffic log and resync behave the same, and both probe the device before handing it out.
 */
import { HAI_FACTORY_BAUD } from '../../../protocols/hai/limits.ts';
import { RealClock, type Clock } from '../../model/clock.ts';
import {
  LineTransport,
  SerialLink,
  TimeoutError,
  type BackoffOptions,
  type PortOpener,
  type TrafficLogSink,
} from '../../transport/index.ts';
import { DeviceError } from '../pump-device.ts';
import { haiLineDecoder, isUnsolicited } from './codec-bridge.ts';
import { HaiDevice } from './device.ts';
import { pipeOpener, type BytePipe } from '../../transport/pipe-port.ts';
import { describeError } from '../../model/errors.ts';

export interface OpenHaiOptions {
  path: string;
  baudRate?: number;
  /** Append and require the `*HHHH` suffix (PROTOCOL.md 3). Default true. */
  crc?: boolean;
  /** Per-request reply timeout in real ms. Default 2000. */
  timeoutMs?: number;
  trafficLog?: TrafficLogSink;
  /** Clock for timeouts and reconnect backoff: real time by default, never the simulation's. */
  clock?: Clock;
  /** Attempts for the first open. Default 5. */
  openAttempts?: number;
  backoff?: BackoffOptions;
  /** Tests and the in-process variant pass their own; default: the real serialport bindings. */
  opener?: PortOpener;
}

/** Opens the port, identifies the device and finds out whether it is an emulator. */
export async function openHaiDevice(options: OpenHaiOptions): Promise<HaiDevice> {
  const clock = options.clock ?? new RealClock();
  const crc = options.crc ?? true;
  const timeoutMs = options.timeoutMs ?? 2000;
  const link = new SerialLink({
    path: options.path,
    baudRate: options.baudRate ?? HAI_FACTORY_BAUD,
    clock,
    openAttempts: options.openAttempts ?? 5,
    backoff: options.backoff ?? { initialMs: 20, maxMs: 500 },
    ...(options.opener === undefined ? {} : { opener: options.opener }),
    ...(options.trafficLog === undefined ? {} : { trafficLog: options.trafficLog }),
  });

  let device: HaiDevice | undefined;
  let probing = true;
  let resyncReason = 'timeout';
  const line = new LineTransport({
    link,
    decode: haiLineDecoder(crc),
    isUnsolicited,
    clock,
    resync: async (request) => {
      const reason = resyncReason;
      resyncReason = 'timeout';
      // While probing, a silent device must fail fast with one clear line, not be polled.
      if (probing || device === undefined) return;
      await device.resync(request, reason);
    },
  });
  link.on('disconnected', (event) => {
    resyncReason = 'reconnect';
    device?.linkLost({ path: event.path, reason: 'disconnected', error: event.error?.message ?? null });
  });

  try {
    await link.open();
  } catch (error) {
    await line.close().catch(() => undefined);
    throw new DeviceError(`cannot open ${options.path}: ${describeError(error)}`, 'link');
  }

  try {
    device = new HaiDevice({ line, crc, timeoutMs });
    await device.identify();
    await device.probeSimulation();
    await device.learnBaseline();
    probing = false;
    return device;
  } catch (error) {
    await line.close().catch(() => undefined);
    if (error instanceof TimeoutError) {
      throw new DeviceError(
        `no reply from a HAI pump on ${options.path} within ${timeoutMs} ms (silent, wrong port or wrong baud rate)`,
        'silent',
      );
    }
    if (error instanceof DeviceError) throw error;
    throw new DeviceError(`${options.path}: ${describeError(error)}`, 'protocol');
  }
}

export interface InProcessHaiOptions extends Omit<OpenHaiOptions, 'path' | 'opener' | 'baudRate'> {
  /** The host end of an in-process cable whose other end runs the HAI firmware. */
  pipe: BytePipe;
}

/** A `HaiDevice` over an in-process cable: the same bytes as on a serial line, no port. */
export function connectInProcessHai(options: InProcessHaiOptions): Promise<HaiDevice> {
  const { pipe, ...rest } = options;
  return openHaiDevice({ ...rest, path: 'in-process', opener: pipeOpener(pipe), openAttempts: 1 });
}
