/**
 * The device registry: `DEV` strings as the CLI takes them (`sim`, `hai:PATH[@BAUD]`,
 * `ne1000:PATH[@BAUD][#ADDR]`, `elite11:PATH[@BAUD][#ADDR]`), parsed with zod, and opened as a `PumpDevice`.
 * `sim` (firmware in this process) is started by a factory the caller passes in, because src/
 * must not import firmware-sim/ (DESIGN.md dependency rules; the CLI may).
 */
import * as z from 'zod';
import { HAI_FACTORY_BAUD } from '../../protocols/hai/limits.ts';
import { HARVARD_BAUD_RATES, HARVARD_FACTORY_BAUD } from '../../protocols/harvard/index.ts';
import { NE_BAUD_RATES, NE_FACTORY_BAUD } from '../../protocols/newera/index.ts';
import { DEVICE_KINDS, type DeviceKind } from '../model/device-kinds.ts';
import type { TrafficLogSink } from '../transport/index.ts';
import { connectInProcessHai, openHaiDevice, type BytePipe } from './hai/index.ts';
import { openHarvardUltraDevice } from './harvard/index.ts';
import { openNewEraDevice } from './newera/index.ts';
import { DeviceError, type PumpDevice } from './pump-device.ts';

export * from './pump-device.ts';

/** Every rate one of the protocols has, ascending. */
const BAUD_RATES: readonly number[] = [...new Set<number>([HAI_FACTORY_BAUD, ...NE_BAUD_RATES, ...HARVARD_BAUD_RATES])].sort(
  (a, b) => a - b,
);

// `#ADDR` picks one pump on a network (New Era) or chain (Harvard); the HAI pump has no address.
const SERIAL_SPEC = new RegExp(`^(${DEVICE_KINDS.join('|')}):([^@#]+)(?:@(\\d+))?(?:#(\\d+))?$`);
const SPEC_FORMS = 'sim, hai:PATH[@BAUD], ne1000:PATH[@BAUD][#ADDR] or elite11:PATH[@BAUD][#ADDR]';

const SerialSpecSchema = z
  .string()
  .regex(SERIAL_SPEC, `expected ${SPEC_FORMS}`)
  .transform((text) => {
    const [, kind = '', path = '', baud, address] = SERIAL_SPEC.exec(text) ?? [];
    // The regex above admits only these three kinds.
    return {
      kind: kind as DeviceKind,
      path,
      ...(baud === undefined ? {} : { baudRate: Number(baud) }),
      ...(address === undefined ? {} : { address: Number(address) }),
    };
  })
  .pipe(
    z
      .object({
        kind: z.enum(DEVICE_KINDS),
        path: z.string().min(1),
        baudRate: z
          .number()
          .refine((b) => BAUD_RATES.includes(b), `baud rate must be one of ${BAUD_RATES.join(', ')}`)
          .optional(),
        address: z.number().int().min(0, 'pump address must be 0..99').max(99, 'pump address must be 0..99').optional(),
      })
      .refine(
        (spec) => spec.kind !== 'hai' || spec.address === undefined,
        'the HAI pump has no network address (#ADDR is for ne1000 and elite11)',
      ),
  );

export const DeviceSpecSchema = z.union([z.literal('sim').transform(() => ({ kind: 'sim' as const })), SerialSpecSchema]);
export type DeviceSpec = z.output<typeof DeviceSpecSchema>;

/** Throws a one-line DeviceError ('unsupported') naming what was expected. */
export function parseDeviceSpec(text: string): DeviceSpec {
  const result = DeviceSpecSchema.safeParse(text);
  if (result.success) return result.data;
  const issue = result.error.issues.find((i) => i.code !== 'invalid_union') ?? result.error.issues[0];
  const nested = issue?.code === 'invalid_union' ? issue.errors.flat().at(-1)?.message : issue?.message;
  throw new DeviceError(`--device ${JSON.stringify(text)}: ${nested ?? 'invalid'}`, 'unsupported');
}

/** Firmware running in this process, reachable through the host end of a byte pipe. */
export interface InProcessEmulator {
  pipe: BytePipe;
  stop(): Promise<void>;
}

/** Each kind's factory default, so callers can report the baud rate a device was opened at. */
export const DEFAULT_BAUD_RATE = {
  hai: HAI_FACTORY_BAUD,
  ne1000: NE_FACTORY_BAUD,
  elite11: HARVARD_FACTORY_BAUD,
} as const satisfies Record<DeviceKind, number>;

export interface OpenDeviceOptions {
  crc?: boolean;
  /** Serial devices: how many times to try opening the port (a bench check wants 1). */
  openAttempts?: number;
  /** New Era pumps: turn safe mode on with this SAF timeout (s); a heartbeat keeps it alive. */
  safeModeTimeoutS?: number;
  timeoutMs?: number;
  trafficLog?: TrafficLogSink;
  /** Syringe pumps: the syringe (name in hardware/) that bounds every rate. */
  syringe?: string;
  /** Needed for `sim`: starts the emulator (the CLI passes one built on firmware-sim). */
  startEmulator?: () => Promise<InProcessEmulator>;
}

export interface OpenedDevice {
  device: PumpDevice;
  /** Closes the device and stops an in-process emulator. */
  close(): Promise<void>;
}

export async function openDevice(spec: DeviceSpec, options: OpenDeviceOptions = {}): Promise<OpenedDevice> {
  const common = {
    ...(options.crc === undefined ? {} : { crc: options.crc }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.trafficLog === undefined ? {} : { trafficLog: options.trafficLog }),
  };
  switch (spec.kind) {
    case 'sim': {
      if (options.startEmulator === undefined)
        throw new DeviceError('--device sim needs an emulator factory (startEmulator)', 'unsupported');
      const emulator = await options.startEmulator();
      try {
        const device = await connectInProcessHai({ ...common, pipe: emulator.pipe });
        return {
          device,
          close: async () => {
            await device.close();
            await emulator.stop();
          },
        };
      } catch (error) {
        await emulator.stop();
        throw error;
      }
    }
    case 'hai': {
      const device = await openHaiDevice({
        ...common,
        path: spec.path,
        baudRate: spec.baudRate ?? DEFAULT_BAUD_RATE.hai,
        ...(options.openAttempts === undefined ? {} : { openAttempts: options.openAttempts }),
      });
      return { device, close: () => device.close() };
    }
    case 'ne1000':
    case 'elite11': {
      const { crc: _crc, ...serial } = common;
      const shared = {
        ...serial,
        path: spec.path,
        baudRate: spec.baudRate ?? DEFAULT_BAUD_RATE[spec.kind],
        ...(spec.address === undefined ? {} : { address: spec.address }),
        ...(options.syringe === undefined ? {} : { syringe: options.syringe }),
      };
      const device: PumpDevice =
        spec.kind === 'ne1000'
          ? await openNewEraDevice({
              ...shared,
              ...(options.safeModeTimeoutS === undefined ? {} : { safeMode: { timeoutS: options.safeModeTimeoutS } }),
            })
          : await openHarvardUltraDevice(shared);
      return { device, close: () => device.close() };
    }
  }
  throw new DeviceError('unknown device kind', 'unsupported');
}
