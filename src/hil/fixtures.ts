/**
 * Vitest fixtures. `useHil()` (call it at the top of a test file or a describe block) hands out
 * devices and closes every one of them, with its emulator, pty and socat, after each test (or
 * after the file with `scope: 'file'`), whether the test passed or threw. A crashed worker is
 * covered by the process-exit hook in cleanup.ts. `withDevice()` is the same without vitest.
 */
import { afterAll, afterEach } from 'vitest';
import { openHilDevice, openTargetDevice, attachDevice, startEmulatorDevice, type ConnectOptions } from './connect.ts';
import type { HilDevice } from './device.ts';
import type { Personality } from './dialects/types.ts';
import type { EmulatorOptions } from './emulator.ts';
import { hilTarget, type HilTarget } from './target.ts';

export interface UseHilOptions {
  /** The personality to emulate when HAIPUMP_DEVICE is unset (default hai). */
  personality?: Personality;
  /** 'test' (default): devices close after each test; 'file': after the last test of the file. */
  scope?: 'test' | 'file';
  /** Defaults for every device opened through this fixture. */
  defaults?: ConnectOptions & EmulatorOptions;
}

export interface Hil {
  /** What `device()` will open: HAIPUMP_DEVICE, or an emulator. Known at collection time. */
  readonly target: HilTarget;
  /** true when `device()` gives an emulator (SIM steps work); use with `it.skipIf(!hil.emulated)`. */
  readonly emulated: boolean;
  /** The device under test: HAIPUMP_DEVICE when set, else a fresh emulator. */
  device(options?: ConnectOptions & EmulatorOptions): Promise<HilDevice>;
  /** Always a fresh emulator (for tests with several devices, or emulator-only checks). */
  emulator(options?: ConnectOptions & EmulatorOptions): Promise<HilDevice>;
  /** A device named by a DEV string. */
  attach(spec: string, options?: ConnectOptions & EmulatorOptions): Promise<HilDevice>;
  /** Closes everything this fixture opened so far (runs automatically). */
  cleanup(): Promise<void>;
}

export function useHil(options: UseHilOptions = {}): Hil {
  const target = hilTarget(options.personality ?? 'hai');
  const open = new Set<HilDevice>();
  const keep = <T extends HilDevice>(device: T): T => {
    open.add(device);
    return device;
  };
  const cleanup = async (): Promise<void> => {
    const devices = [...open];
    open.clear();
    const results = await Promise.allSettled(devices.map((d) => d.close()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  };
  if (options.scope === 'file') afterAll(cleanup);
  else afterEach(cleanup);
  // A file-scoped fixture still must not leak if a test forgot nothing but the file aborted.
  afterAll(cleanup);
  const defaults = options.defaults ?? {};
  return {
    target,
    emulated: target.kind === 'emulator',
    device: async (o = {}) =>
      keep(
        await (target.kind === 'emulator'
          ? openTargetDevice({ personality: target.personality, ...defaults, ...o })
          : openHilDevice(target, { ...defaults, ...o })),
      ),
    emulator: async (o = {}) => keep(await startEmulatorDevice({ personality: options.personality ?? 'hai', ...defaults, ...o })),
    attach: async (spec, o = {}) => keep(await attachDevice(spec, { ...defaults, ...o })),
    cleanup,
  };
}

/** Opens the target device (HAIPUMP_DEVICE or an emulator), runs `body`, and always closes it. */
export async function withDevice<T>(body: (device: HilDevice) => Promise<T>, options: ConnectOptions & EmulatorOptions = {}): Promise<T> {
  const device = await openTargetDevice(options);
  try {
    return await body(device);
  } finally {
    await device.close();
  }
}
