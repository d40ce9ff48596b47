/** A measured flow already normalised to the calibration infusate, oldest first. */
export interface TrendPoint {
  atMs: number;
  calibrationFlowMlPerDay: number;
}

export interface TrendOptions {
  /** Fewest consecutive measurements that make a trend (≥ 3). */
  minRefills: number;
  /** Mean change per refill, as a fraction of the previous flow, that must be exceeded. */
  fractionPerRefill: number;
}

/** Defaults [E]: 3 refills in a row moving the same way by more than 3 % per refill on average. */
export const DEFAULT_TREND: TrendOptions = { minRefills: 3, fractionPerRefill: 0.03 };

export interface TrendFlag {
  direction: 'rising' | 'falling';
  refills: number;
  flowsMlPerDay: number[];
  meanChangeFractionPerRefill: number;
  totalChangeFraction: number;
  thresholdFractionPerRefill: number;
}

/**
 * A monotone run of measured flows ending at the newest one, at least `minRefills` long, whose
 * mean per-refill change exceeds the threshold: a slow drift that no single refill would flag.
 * Flows must be viscosity-normalised first so a glycerin cycle does not look like a fall.
 */
export function detectTrend(points: readonly TrendPoint[], options: TrendOptions = DEFAULT_TREND): TrendFlag | null {
  if (options.minRefills < 3) throw new RangeError(`minRefills must be >= 3, got ${options.minRefills}`);
  const flows = [...points].sort((a, b) => a.atMs - b.atMs).map((p) => p.calibrationFlowMlPerDay);
  const n = flows.length;
  if (n < options.minRefills) return null;
  const last = flows[n - 1] as number;
  const prev = flows[n - 2] as number;
  if (last === prev) return null;
  const rising = last > prev;
  let start = n - 2;
  while (start > 0) {
    const a = flows[start - 1] as number;
    const b = flows[start] as number;
    if (rising ? b > a : b < a) start--;
    else break;
  }
  const run = flows.slice(start);
  if (run.length < options.minRefills) return null;
  const changes = run.slice(1).map((f, i) => (f - (run[i] as number)) / (run[i] as number));
  const mean = changes.reduce((s, c) => s + c, 0) / changes.length;
  if (!(Math.abs(mean) > options.fractionPerRefill)) return null;
  const first = run[0] as number;
  return {
    direction: rising ? 'rising' : 'falling',
    refills: run.length,
    flowsMlPerDay: run,
    meanChangeFractionPerRefill: mean,
    totalChangeFraction: (last - first) / first,
    thresholdFractionPerRefill: options.fractionPerRefill,
  };
}
