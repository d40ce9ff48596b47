import type { PumpDevice } from '../../devices/pump-device.ts';
import type { MassSample } from '../types.ts';

/** What a live run needs from a balance (MtSicsBalance satisfies it). */
export interface BalanceReader {
  readImmediate(): Promise<{ massG: number; stable: boolean }>;
  readStable(): Promise<{ massG: number; stable: boolean }>;
}

/** What a live run needs from a pump. */
export type RunPump = Pick<PumpDevice, 'setRate' | 'start' | 'stop' | 'readDeliveredMl'> & {
  readonly capabilities?: Pick<PumpDevice['capabilities'], 'fixedRate'>;
};

/**
 * How each sample is read. `immediate` (SI, the default): the mass at the sample time, stable or
 * not, which is what the method asks for (a flow from W_i − W_{i−1} over S needs W at the
 * sampling instants; a stable read waits for an unknown time and would move the instant).
 * `stable` (S): waits for a settled reading, time-stamped when it arrives; falls back to SI
 * when the balance answers `S I` so the series has no gap.
 */
export type ReadMode = 'immediate' | 'stable';

export interface LiveSample extends MassSample {
  /** The balance flagged the reading stable. */
  stable: boolean;
}

export interface LiveRunResult {
  samples: LiveSample[];
  /** Clock time of t = 0 (pump start), in the run clock's ms. */
  startedAtMs: number;
  /** The pump's own delivered-volume count at start and at the end (mL). */
  pumpDeliveredMl: { atStart: number; atEnd: number | null };
  /** True when the run was interrupted (SIGINT) before its planned end. */
  interrupted: boolean;
}
