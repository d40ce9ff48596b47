import * as z from 'zod';

/** Each ratio is the current lab value over its value at the last drug fill. */
export interface LabRatios {
  astRatio?: number;
  alkPhosRatio?: number;
  bilirubinRatio?: number;
}

export const LAB_RATIO_NAMES = ['astRatio', 'alkPhosRatio', 'bilirubinRatio'] as const;
export type LabRatioName = (typeof LAB_RATIO_NAMES)[number];

/**
 * A band applies when the ratio is at or above `fromRatio` (above it, if `exclusive`). Bands are
 * listed in ascending order and the highest band that applies wins, so bands are half-open
 * intervals [from, next from).
 */
export interface DoseReductionBand {
  fromRatio: number;
  factor: number;
  hold: boolean;
  exclusive?: boolean;
}

export interface DoseReductionRule {
  lab: LabRatioName;
  label: string;
  bands: readonly DoseReductionBand[];
}

export const DoseReductionRulesSchema = z.array(
  z.strictObject({
    lab: z.enum(LAB_RATIO_NAMES),
    label: z.string().min(1),
    bands: z
      .array(
        z.strictObject({
          fromRatio: z.number().positive(),
          factor: z.number().min(0).max(1),
          hold: z.boolean(),
          exclusive: z.boolean().optional(),
        }),
      )
      .refine(
        (bands) => bands.every((band, i) => i === 0 || band.fromRatio > (bands[i - 1]?.fromRatio ?? 0)),
        'bands must be in ascending fromRatio',
      ),
  }),
);

/** A band that scales the dose by `factor`, and one that holds the drug. */
const reduceFrom = (fromRatio: number, factor: number): DoseReductionBand => ({ fromRatio, factor, hold: false });
const holdFrom = (fromRatio: number): DoseReductionBand => ({ fromRatio, factor: 0, hold: true });

/**
 * hai-pump.md rules [E, configurable]. The text gives ranges such as "3–4× → 50 %, >4× → hold";
 * here every lower bound is inclusive, so a ratio exactly on a boundary gets the more restrictive
 * band (AST exactly 4× holds; ALP or bilirubin exactly 2× holds).
 */
export const DOSE_REDUCTION_RULES: readonly DoseReductionRule[] = [
  { lab: 'astRatio', label: 'AST', bands: [reduceFrom(2, 0.8), reduceFrom(3, 0.5), holdFrom(4)] },
  { lab: 'alkPhosRatio', label: 'alkaline phosphatase', bands: [reduceFrom(1.2, 0.8), reduceFrom(1.5, 0.5), holdFrom(2)] },
  { lab: 'bilirubinRatio', label: 'bilirubin', bands: [reduceFrom(1.2, 0.5), reduceFrom(1.5, 0.25), holdFrom(2)] },
];

export interface DoseReductionResult {
  factor: number;
  hold: boolean;
  reasons: string[];
}

function applies(band: DoseReductionBand, ratio: number): boolean {
  return band.exclusive === true ? ratio > band.fromRatio : ratio >= band.fromRatio;
}

/** The most restrictive outcome across all tests; a hold makes the factor 0. */
export function doseReduction(labs: LabRatios, rules: readonly DoseReductionRule[] = DOSE_REDUCTION_RULES): DoseReductionResult {
  const table = rules === DOSE_REDUCTION_RULES ? rules : DoseReductionRulesSchema.parse(rules);
  let factor = 1;
  let hold = false;
  const reasons: string[] = [];
  for (const rule of table) {
    const ratio = labs[rule.lab];
    if (ratio === undefined) continue;
    if (!Number.isFinite(ratio) || ratio < 0) throw new RangeError(`${rule.lab} must be a finite ratio >= 0, got ${ratio}`);
    let band: DoseReductionBand | undefined;
    for (const candidate of rule.bands) if (applies(candidate, ratio)) band = candidate;
    if (band === undefined) continue;
    const bound = `${band.exclusive === true ? '>' : '≥'} ${band.fromRatio}×`;
    const action = band.hold ? 'hold the drug' : `dose to ${Math.round(band.factor * 100)} %`;
    reasons.push(`${rule.label} ${ratio}× its value at the last drug fill (${bound}): ${action}`);
    hold ||= band.hold;
    factor = Math.min(factor, band.factor);
  }
  return { factor: hold ? 0 : factor, hold, reasons };
}
