// What the NE-1000 keeps in non-volatile memory: everything set over RS-232 [M], except a rate
// changed while running (kept in RAM only), plus the dispensed totals.
import { z } from 'zod';
import { NE_BAUD_RATES, NE_RATE_UNITS, NE_VOLUME_UNITS } from '../../../protocols/newera/index.ts';

export const Ne1000StateSchema = z.object({
  address: z.int().min(0).max(99),
  baud: z.literal(NE_BAUD_RATES),
  diameterMm: z.number().positive(),
  rate: z.number().nonnegative(),
  rateUnits: z.enum(NE_RATE_UNITS),
  volume: z.number().nonnegative(),
  volumeUnits: z.enum(NE_VOLUME_UNITS),
  direction: z.enum(['INF', 'WDR']),
  safeTimeoutS: z.int().min(0).max(255),
  infusedNl: z.int().nonnegative(),
  withdrawnNl: z.int().nonnegative(),
});
export type Ne1000State = z.output<typeof Ne1000StateSchema>;

/** New Era pumps switch volume units with the diameter: µL at or below 14.00 mm, mL above [M]. */
export function volumeUnitsForDiameter(diameterMm: number): 'UL' | 'ML' {
  return diameterMm <= 14 ? 'UL' : 'ML';
}

/** Factory state [?: the factory defaults are not in the reference]: a 60 mL B-D syringe,
 * 1 mL/min, continuous, infuse, basic mode, 19200 baud, address 0. */
export function blankNe1000State(): Ne1000State {
  return {
    address: 0,
    baud: 19200,
    diameterMm: 26.59,
    rate: 1,
    rateUnits: 'MM',
    volume: 0,
    volumeUnits: 'ML',
    direction: 'INF',
    safeTimeoutS: 0,
    infusedNl: 0,
    withdrawnNl: 0,
  };
}
