/**
 * `haipump check DEV [--json]`: a bench smoke test for one device. Identify it, set a small safe
 * rate inside the syringe's range, run about 2 s, stop, read the delivered volume. Any failure
 * (nothing answers, wrong baud, a pending alarm, nothing delivered) is one line and a non-zero exit.
 */
import type { Command } from 'commander';
import * as z from 'zod';
import { DEFAULT_BAUD_RATE, DeviceError, openDevice, type PumpDevice } from '../../devices/index.ts';
import { serialDeviceFlag } from '../device-flag.ts';
import { describeError } from '../../model/errors.ts';
import { CliError, numberFlag, parseOptions, print, printJson } from '../shared.ts';

const MIN_PER_DAY = 1440;
/** About 0.01 mL in 2 s: visible in the NE-1000's 4-digit DIS and far below any syringe's max. */
const CHECK_RATE_ML_PER_MIN = 0.3;

export const deviceStringSchema = serialDeviceFlag;
export type DeviceString = z.output<typeof deviceStringSchema>;

const CheckOptions = z.object({
  device: deviceStringSchema,
  json: z.boolean().default(false),
  syringe: z.string().min(1).optional(),
  runS: numberFlag.pipe(z.number().positive().max(60)).default(2),
  timeoutMs: numberFlag.pipe(z.number().int().positive().max(60_000)).default(1000),
  trafficLog: z.string().min(1).optional(),
  safeMode: numberFlag.pipe(z.number().int().min(1).max(255)).optional(),
});
type CheckOptions = z.output<typeof CheckOptions>;

export interface CheckResult {
  ok: true;
  model: string;
  firmware: string;
  deliveredMl: number;
  rateMlPerMin: number;
  runS: number;
  port: string;
  baudRate: number;
}

interface RangedDevice extends PumpDevice {
  rateRangeMlPerMin(): { minMlPerMin: number; maxMlPerMin: number };
}

const isRanged = (device: PumpDevice): device is RangedDevice => typeof (device as Partial<RangedDevice>).rateRangeMlPerMin === 'function';

async function openChecked(options: CheckOptions): Promise<{ device: PumpDevice; baudRate: number; close(): Promise<void> }> {
  const spec = options.device;
  if (options.safeMode !== undefined && spec.kind !== 'ne1000')
    throw new CliError(`--safe-mode: a New Era (ne1000) feature; this device is ${spec.kind}`, 'usage');
  const opened = await openDevice(spec, {
    timeoutMs: options.timeoutMs,
    openAttempts: 1,
    ...(options.syringe === undefined ? {} : { syringe: options.syringe }),
    ...(options.trafficLog === undefined ? {} : { trafficLog: options.trafficLog }),
    ...(options.safeMode === undefined ? {} : { safeModeTimeoutS: options.safeMode }),
  });
  return { device: opened.device, baudRate: spec.baudRate ?? DEFAULT_BAUD_RATE[spec.kind], close: opened.close };
}

/** The device answered, and the check's result is wrong (exit 1); `code` for the JSON. */
class CheckFailedError extends CliError {
  readonly code = 'nothing-delivered';
  constructor(message: string) {
    super(message, 'wrong');
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const { device, baudRate, close } = await openChecked(options);
  try {
    const identity = await device.identify();
    const pending = (await device.alarms()).filter((a) => a.code !== 'R');
    if (pending.length > 0) {
      const list = pending.map((a) => `${a.code}${a.text === undefined ? '' : ` (${a.text})`}`).join(', ');
      throw new DeviceError(
        `${options.device.kind} at ${options.device.path} has an alarm pending: ${list}; clear its cause and check again`,
        'alarm',
      );
    }
    let rateMlPerMin = CHECK_RATE_ML_PER_MIN;
    if (isRanged(device)) {
      const { minMlPerMin, maxMlPerMin } = device.rateRangeMlPerMin();
      rateMlPerMin = Math.min(Math.max(rateMlPerMin, minMlPerMin * 2), maxMlPerMin / 2);
    }
    if (!device.capabilities.fixedRate) await device.setRate(rateMlPerMin * MIN_PER_DAY);
    const beforeMl = await device.readDeliveredMl();
    // A fixed-rate (implanted) pump delivers by itself and cannot be started or stopped.
    if (!device.capabilities.fixedRate) await device.start();
    await sleep(options.runS * 1000);
    if (!device.capabilities.fixedRate) await device.stop();
    const deliveredMl = Math.round(((await device.readDeliveredMl()) - beforeMl) * 1e9) / 1e9;
    const after = (await device.alarms()).filter((a) => a.code !== 'R');
    if (after.length > 0)
      throw new DeviceError(`${options.device.kind} raised alarm ${after.map((a) => a.code).join(', ')} while running`, 'alarm');
    if (!(deliveredMl > 0))
      throw new CheckFailedError(`${options.device.kind} at ${options.device.path} ran ${options.runS} s but reports nothing delivered`);
    return {
      ok: true,
      model: identity.model,
      firmware: identity.firmware,
      deliveredMl,
      rateMlPerMin,
      runS: options.runS,
      port: options.device.path,
      baudRate,
    };
  } finally {
    await close();
  }
}

export function configure(command: Command): void {
  command
    .argument('<device>', 'ne1000:PATH[@BAUD] | elite11:PATH[@BAUD] | hai:PATH')
    .option('--syringe <name>', "syringe loaded (e.g. bd-plastipak-10ml); the pump's own diameter if absent")
    .option('--run-s <s>', 'how long to run', '2')
    .option('--timeout-ms <ms>', 'reply timeout', '1000')
    .option('--traffic-log <file>', 'append every byte to FILE as JSON lines')
    .option('--safe-mode <s>', 'ne1000: run in safe mode (STX/LEN/CRC framing) with this SAF timeout, kept alive by a heartbeat')
    .option('--json', 'machine-readable output')
    .action(async (device: string, raw: Record<string, unknown>) => {
      const options = parseOptions(CheckOptions, { ...raw, device }, { args: { device: '<device>' } });
      try {
        const result = await runCheck(options);
        if (options.json) printJson(result);
        else {
          print(
            `ok: ${result.model} firmware ${result.firmware} at ${result.port} @${result.baudRate}: delivered ${result.deliveredMl} mL in ${result.runS} s at ${result.rateMlPerMin.toPrecision(3)} mL/min\n`,
          );
        }
      } catch (error) {
        const code = error instanceof DeviceError || error instanceof CheckFailedError ? error.code : 'error';
        if (options.json) printJson({ ok: false, code, error: describeError(error), port: options.device.path });
        throw error;
      }
    });
}
