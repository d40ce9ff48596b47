/** The bench view of one live accuracy run: what the page draws, at any moment of the run. */
import type { StartupPoint, WindowResult } from '../../accuracy/analysis.ts';
import type { AccuracyErrorCode } from '../../accuracy/errors.ts';
import type { FlowSample } from '../../accuracy/types.ts';
import type { BenchEndStatus, BenchLink, BenchSetup } from './messages.ts';

export interface BenchView {
  runKey: string;
  setup: Omit<BenchSetup, 'type'>;
  status: 'running' | BenchEndStatus;
  /** The stored run's id once the run has ended and was stored. */
  runId: number | null;
  endMessage: string | null;
  links: Record<BenchLink['device'], LinkView | null>;
  progress: BenchProgress;
  samples: readonly { atS: number; massG: number }[];
  /** Q_i of every interval so far, the analysis period or not. */
  flows: readonly FlowSample[];
  /** Q_i against the interval's end, up to min(120, minutes) min. */
  startupCurve: readonly StartupPoint[];
  period: PeriodView;
  trumpet: TrumpetView;
  /** null until an interval lies inside the analysis period. */
  overall: OverallView | null;
  /** null until an interval lies inside the analysis period. */
  iso28620: Iso28620View | null;
  /** Why the analysis refuses the samples so far (a gap, irregular sampling); the report will refuse them too. */
  problem: { code: AccuracyErrorCode; message: string } | null;
}

export interface LinkView {
  state: BenchLink['state'];
  detail: string | null;
}

export interface BenchProgress {
  /** samples accepted so far */
  samples: number;
  /** the publisher's planned last index; null until a sample has arrived */
  total: number | null;
  /** last index / total */
  fraction: number | null;
  /** device time of the latest sample (s) */
  deviceElapsedS: number;
  /** real seconds to the planned last sample at the speed observed so far; null until two samples and after the end */
  etaS: number | null;
}

export interface PeriodView {
  startMin: number;
  endMin: number;
  /** flow intervals inside the period so far */
  intervals: number;
  /** the period is covered: no later sample can change its figures */
  final: boolean;
}

export interface TrumpetView {
  /** true when the period has ended: the figure is final */
  complete: boolean;
  /** the windows P the period will give (min) */
  plannedMin: readonly number[];
  /** the windows with at least one full window of intervals so far, Ep(max)/Ep(min) over those */
  windows: readonly WindowResult[];
}

export interface OverallView {
  meanFlowMlPerH: number;
  /** A = 100·(Q̄ − r)/r */
  overallErrorPct: number;
  final: boolean;
}

/** ISO 28620's two criteria; `pass` is null until `known`, because a provisional value may still cross the limit. */
export interface Iso28620View {
  known: boolean;
  mean: { flowMlPerH: number; errorPct: number; tolerancePct: number; pass: boolean | null };
  inBand: { deliveredMl: number; inBandMl: number; volumePct: number; minPct: number; pass: boolean | null };
  pass: boolean | null;
}
