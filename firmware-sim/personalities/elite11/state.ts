// What the Pump 11 Elite keeps across power cycles [?: the Ultra guide says settings are
// kept; the emulator keeps everything set over the port, plus the volume counters].
import { z } from 'zod';
import { HARVARD_BAUD_RATES, harvardRateSchema, harvardVolumeSchema } from '../../../protocols/harvard/index.ts';

export const Elite11StateSchema = z.object({
  address: z.int().min(0).max(99),
  baud: z.literal(HARVARD_BAUD_RATES),
  diameterMm: z.number().positive(),
  syringeVolume: harvardVolumeSchema,
  infuseRate: harvardRateSchema,
  withdrawRate: harvardRateSchema,
  targetVolume: harvardVolumeSchema.nullable(),
  /** The direction `run` uses: the last one run. */
  direction: z.enum(['infuse', 'withdraw']),
  forcePercent: z.int().min(1).max(100),
  infusedNl: z.int().nonnegative(),
  withdrawnNl: z.int().nonnegative(),
});
export type Elite11State = z.output<typeof Elite11StateSchema>;

/** Factory state [?]: 60 mL B-D syringe, 1 ml/min both ways, no target, 115200 baud. */
export function blankElite11State(): Elite11State {
  return {
    address: 0,
    baud: 115200,
    diameterMm: 26.59,
    syringeVolume: { value: 60, units: 'ml' },
    infuseRate: { value: 1, units: 'ml/min' },
    withdrawRate: { value: 1, units: 'ml/min' },
    targetVolume: null,
    direction: 'infuse',
    forcePercent: 100,
    infusedNl: 0,
    withdrawnNl: 0,
  };
}
