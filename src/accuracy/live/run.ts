import type { Clock } from '../../model/clock.ts';
import type { BalanceReader, LiveRunResult, LiveSample, ReadMode, RunPump } from './types.ts';

export interface LiveRunOptions {
  pump: RunPump;
  balance: BalanceReader;
  rateMlPerH: number;
  minutes: number;
  intervalS: number;
  readMode?: ReadMode;
  /**
   * The run's clock, in device time: real time for real devices, real time × speed for emulators
   * running at --speed (a ScaledClock), so sample times are the emulated world's times.
   */
  clock: Clock;
  /** Aborting ends the run early (the samples so far are kept); the pump is stopped either way. */
  signal?: AbortSignal;
  onSample?: (sample: LiveSample, index: number, total: number) => void;
}

/**
 * A live gravimetric run: set the rate (mL/h → the PumpDevice's mL/day), read W_0, start the pump
 * (t = 0), then read the balance at t = k·S for k = 1..M·60/S, each time stamped at the middle of
 * its request/reply round trip. Samples are scheduled on absolute times, so a slow reply does not
 * shift the ones after it. The pump is stopped at the end, on error and on abort.
 */
export async function runLiveAccuracy(options: LiveRunOptions): Promise<LiveRunResult> {
  const { pump, balance, clock, intervalS } = options;
  const readMode = options.readMode ?? 'immediate';
  const total = Math.floor((options.minutes * 60) / intervalS + 1e-9);
  const samples: LiveSample[] = [];
  let interrupted = false;
  // An implanted pump's rate follows physics: it runs at its own rate and --rate is the nominal one.
  if (pump.capabilities?.fixedRate !== true) await pump.setRate(options.rateMlPerH * 24);
  const atStart = await pump.readDeliveredMl();
  const first = await read(balance, readMode);
  let startedAtMs = clock.now();
  try {
    await pump.start();
    startedAtMs = clock.now();
    // The mass before the pump moved is the mass at t = 0.
    const zero: LiveSample = { atS: 0, massG: first.massG, stable: first.stable };
    samples.push(zero);
    options.onSample?.(zero, 0, total);
    for (let k = 1; k <= total; k++) {
      const aborted = await sleepUntil(clock, startedAtMs + k * intervalS * 1000, options.signal);
      if (aborted) {
        interrupted = true;
        break;
      }
      const sentMs = clock.now();
      const reading = await read(balance, readMode);
      const midMs = (sentMs + clock.now()) / 2;
      const sample: LiveSample = { atS: round3((midMs - startedAtMs) / 1000), massG: reading.massG, stable: reading.stable };
      samples.push(sample);
      options.onSample?.(sample, k, total);
    }
  } finally {
    // Stop first, whatever happened: a pump left running empties the syringe onto the bench.
    await pump.stop().catch(() => undefined);
  }
  const atEnd = await pump.readDeliveredMl().catch(() => null);
  return { samples, startedAtMs, pumpDeliveredMl: { atStart, atEnd }, interrupted };
}

async function read(balance: BalanceReader, mode: ReadMode): Promise<{ massG: number; stable: boolean }> {
  if (mode === 'immediate') return balance.readImmediate();
  try {
    return await balance.readStable();
  } catch (error) {
    // `S I` (not stable in time): the series needs a value at this instant, so take SI.
    if (error instanceof Error && 'code' in error && error.code === 'unstable') return balance.readImmediate();
    throw error;
  }
}

/** Waits on the run clock until `atMs`; resolves true if aborted first. */
function sleepUntil(clock: Clock, atMs: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted === true) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      resolve(true);
    };
    const timer = clock.setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(false);
      },
      Math.max(0, atMs - clock.now()),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Millisecond resolution in the CSV: finer digits of a scaled clock are latency noise. */
function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
