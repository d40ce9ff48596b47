/**
 * `haipump/hil`: hardware-in-the-loop testing for vitest suites. The same test runs against an
 * emulator on a pseudo-terminal (CI) or a real pump named by `HAIPUMP_DEVICE` (a self-hosted
 * runner). See docs/hil.md. Not for clinical use.
 */
export { useHil, withDevice, type Hil, type UseHilOptions } from './fixtures.ts';
export { HilDevice, type WaitOptions, type EventFilter } from './device.ts';
export { startEmulator, type Emulator, type EmulatorOptions } from './emulator.ts';
export {
  attachDevice,
  openHilDevice,
  openTargetDevice,
  startEmulatorDevice,
  type ConnectOptions,
  type StartEmulatorDeviceOptions,
} from './connect.ts';
export { hilTarget, parseTarget, describeTarget, type HilTarget } from './target.ts';
export { closeAll, liveChildCount } from './cleanup.ts';
export { PERSONALITIES, type Personality, type HilEvent, type AlarmState } from './dialects/types.ts';
export type { ReceivedLine } from './line-client.ts';
export { HilError, HilSilentDeviceError, HilDeviceError, HilTimeoutError, HilUnsupportedError, HilAssertionError } from './errors.ts';
export { compareTranscripts, loadTranscript, describeDifference, type TranscriptEntry } from './transcript.ts';
export { runScenarioFiles, type RunOptions, type RunSummary } from './scenario/run.ts';
