/** One balance reading: time since the run started (s) and the mass on the pan (g). */
export interface MassSample {
  atS: number;
  massG: number;
}

/** The flow over one sampling interval, Q_i, from sample i−1 (`fromS`) to sample i (`toS`). */
export interface FlowSample {
  fromS: number;
  toS: number;
  flowMlPerH: number;
}
