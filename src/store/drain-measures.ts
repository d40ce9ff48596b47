import type { RefillRow } from './rows.ts';

type MeasuredColumns =
  | 'returned_ml'
  | 'measured_flow_ml_per_day'
  | 'predicted_flow_ml_per_day'
  | 'deviation_fraction'
  | 'level'
  | 'reached_taper';

/** What a drain measured, from its refills row: remind's snapshot and the CLI's JSON give it alike. */
export function drainMeasuresOf(r: Pick<RefillRow, MeasuredColumns>) {
  return {
    returnedMl: r.returned_ml,
    measuredFlowMlPerDay: r.measured_flow_ml_per_day,
    predictedFlowMlPerDay: r.predicted_flow_ml_per_day,
    deviationFraction: r.deviation_fraction,
    level: r.level,
    reachedTaper: r.reached_taper === 1,
  };
}
