// Syringe-pump rate limits from first principles: a syringe pump moves the plunger at a
// linear speed between a slowest and fastest speed (stepper limits), so
//   rate [mL/min] = speed [mm/min] × π d²/4 [mm²] / 1000 [mm³/mL].
// Per-model speed limits are data (hardware/pump-models.json), validated by the schema
// below, and each one is tagged for provenance: the exact per-model limits are [?] until
// checked against the manufacturer's specification sheet. Neutral to any one protocol:
// Harvard pumps use it too. The caller loads the JSON (protocols/ does no I/O).
import * as z from 'zod';

export const provenanceTag = z.enum(['M', 'C', 'V', '?']);
export type ProvenanceTag = z.infer<typeof provenanceTag>;

export const pumpModelSchema = z
  .object({
    id: z.string().min(1),
    manufacturer: z.string().min(1),
    name: z.string().min(1),
    protocol: z.enum(['newera', 'harvard']),
    /** Plunger speed limits the rate range is computed from. */
    linearSpeed: z.object({
      minMmPerMin: z.number().positive(),
      maxMmPerMin: z.number().positive(),
      tag: provenanceTag,
      source: z.string().min(1),
    }),
    /** Syringe inside diameters the pump accepts (DIA / diameter range). */
    diameterRangeMm: z.object({ min: z.number().positive(), max: z.number().positive(), tag: provenanceTag }),
    notes: z.string().optional(),
  })
  .refine((m) => m.linearSpeed.minMmPerMin < m.linearSpeed.maxMmPerMin, 'min speed must be below max speed')
  .refine((m) => m.diameterRangeMm.min < m.diameterRangeMm.max, 'min diameter must be below max diameter');

export type PumpModel = z.infer<typeof pumpModelSchema>;

export const pumpModelsFileSchema = z.object({
  $comment: z.string().optional(),
  models: z.array(pumpModelSchema).min(1),
});

/** The part of a pump model the computation needs (so callers may pass a hand-made one). */
export interface LinearSpeedLimits {
  readonly linearSpeed: { readonly minMmPerMin: number; readonly maxMmPerMin: number };
}

export interface RateLimitsMlPerMin {
  readonly minMlPerMin: number;
  readonly maxMlPerMin: number;
  /** Plunger cross-section π d²/4. */
  readonly areaMm2: number;
}

/** Cross-section area in mm² of a syringe of inside diameter `diameterMm`. */
export function syringeAreaMm2(diameterMm: number): number {
  return (Math.PI * diameterMm * diameterMm) / 4;
}

/** mL/min for a plunger speed (mm/min) in a syringe of inside diameter `diameterMm`. */
export function mlPerMinFromSpeed(speedMmPerMin: number, diameterMm: number): number {
  return (speedMmPerMin * syringeAreaMm2(diameterMm)) / 1000;
}

/** Min/max rate in mL/min for a syringe diameter on a pump model. Throws RangeError on a
 * non-positive or non-finite diameter. */
export function rateLimitsMlPerMin(diameterMm: number, pumpModel: LinearSpeedLimits): RateLimitsMlPerMin {
  if (!Number.isFinite(diameterMm) || diameterMm <= 0) throw new RangeError(`diameter ${diameterMm} mm is not positive`);
  const areaMm2 = syringeAreaMm2(diameterMm);
  return {
    areaMm2,
    minMlPerMin: (pumpModel.linearSpeed.minMmPerMin * areaMm2) / 1000,
    maxMlPerMin: (pumpModel.linearSpeed.maxMmPerMin * areaMm2) / 1000,
  };
}

/** One row of hardware/syringes/syringes.json. */
export const syringeSchema = z.object({
  manufacturer: z.string().min(1),
  model: z.string().min(1),
  nominalVolumeMl: z.number().positive(),
  insideDiameterMm: z.number().positive().max(100),
  tag: provenanceTag,
  source: z.string().min(1),
});
export type Syringe = z.infer<typeof syringeSchema>;

export const syringeTableSchema = z.object({
  $comment: z.string().optional(),
  syringes: z.array(syringeSchema).min(1),
});
