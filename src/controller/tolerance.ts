/**
 * When a device's figure is "the same" as the model's. A relative bound alone is meaningless
 * near zero (right after a fill), an absolute one alone too loose for a long run: the limit is
 * the larger of the two, max(2 %, 0.05 mL) by default.
 */
export interface Tolerance {
  /** Fraction of the model's value. */
  fraction: number;
  /** Floor in mL. */
  minMl: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { fraction: 0.02, minMl: 0.05 };

export interface Deviation {
  diffMl: number;
  limitMl: number;
  exceeded: boolean;
}

export function deviationOf(deviceMl: number, modelMl: number, tolerance: Tolerance): Deviation {
  const diffMl = deviceMl - modelMl;
  const limitMl = Math.max(tolerance.fraction * Math.abs(modelMl), tolerance.minMl);
  return { diffMl, limitMl, exceeded: Math.abs(diffMl) > limitMl };
}
