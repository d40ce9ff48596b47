// What the Pump 11 Elite keeps across power cycles [?: the manuals say settings are kept; the
// emulator keeps everything set over the port, plus the volume and time counters].
import * as z from 'zod';
import {
  HARVARD_BAUD_RATES,
  HARVARD_FACTORY_BAUD,
  HARVARD_MAX_ADDRESS,
  harvardRateSchema,
  harvardVolumeSchema,
} from '../../../protocols/harvard/index.ts';

export const Elite11StateSchema = z.object({
  address: z.int().min(0).max(HARVARD_MAX_ADDRESS),
  baud: z.literal(HARVARD_BAUD_RATES),
  diameterMm: z.number().positive(),
  syringeVolume: harvardVolumeSchema,
  /** `syrm` code of the syringe chosen from the built-in table, null if set by diameter. */
  syringeCode: z
    .string()
    .regex(/^[a-z]{3}$/)
    .nullable(),
  infuseRate: harvardRateSchema,
  withdrawRate: harvardRateSchema,
  targetVolume: harvardVolumeSchema.nullable(),
  targetTimeMs: z.int().positive().nullable(),
  /** The direction `run` uses: the last one run. */
  direction: z.enum(['infuse', 'withdraw']),
  forcePercent: z.int().min(1).max(100),
  poll: z.boolean(),
  echo: z.boolean(),
  outputsHigh: z.array(z.int().min(1).max(9)),
  infusedNl: z.int().nonnegative(),
  withdrawnNl: z.int().nonnegative(),
  infusedTimeMs: z.int().nonnegative(),
  withdrawnTimeMs: z.int().nonnegative(),
});
export type Elite11State = z.output<typeof Elite11StateSchema>;

/** Factory state [?]: 60 mL B-D syringe, 1 ml/min both ways, no targets, the factory baud. */
export function blankElite11State(): Elite11State {
  return {
    address: 0,
    baud: HARVARD_FACTORY_BAUD,
    diameterMm: 26.59,
    syringeVolume: { value: 60, units: 'ml' },
    syringeCode: null,
    infuseRate: { value: 1, units: 'ml/min' },
    withdrawRate: { value: 1, units: 'ml/min' },
    targetVolume: null,
    targetTimeMs: null,
    direction: 'infuse',
    forcePercent: 100,
    poll: false,
    echo: false,
    outputsHigh: [],
    infusedNl: 0,
    withdrawnNl: 0,
    infusedTimeMs: 0,
    withdrawnTimeMs: 0,
  };
}
