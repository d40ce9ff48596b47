/** The implanted HAI pump's emulator on a serial line (`haipump sim --personality hai`). */
import type { PumpProfile } from '../../src/model/profile.ts';
import { openSerialUart } from '../hal/uart-serialport.ts';
import { createHaiDevice, type HaiFirmwareDevice } from '../personalities/hai/index.ts';
import { SIM_FACTORY_BAUD } from './personalities.ts';
import { runOnLine, type LineSpec, type NvmSpec, type RunningOnLine } from './line.ts';

export interface HaiEmulatorOptions {
  readonly line: LineSpec;
  readonly nvm?: NvmSpec;
  readonly profile: PumpProfile;
  readonly baud?: number;
  readonly telemetryS?: number;
  /** World speed factor; 'max': world time moves only by SIM:TIME:ADV, exactly and at once. */
  readonly speed: number | 'max';
}

export type RunningHaiEmulator = RunningOnLine<HaiFirmwareDevice>;

export function startHaiEmulator(options: HaiEmulatorOptions): Promise<RunningHaiEmulator> {
  return runOnLine(
    options.line,
    options.nvm ?? {},
    (path) => openSerialUart(path, options.baud ?? SIM_FACTORY_BAUD.hai),
    (line) =>
      createHaiDevice({
        uart: line.uart,
        clock: line.clock,
        nvm: line.nvm,
        profile: options.profile,
        telemetryS: options.telemetryS ?? 0,
        speed: options.speed === 'max' ? 0 : options.speed,
        // Wake on a received byte or the next device event instead of polling every tick.
        sleepWhenIdle: true,
      }),
  );
}
