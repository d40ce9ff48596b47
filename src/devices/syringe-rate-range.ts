import { rateLimitsMlPerMin } from '../../protocols/newera/index.ts';
import { DeviceError } from './pump-device.ts';
import { findPumpModel } from './syringes.ts';

/** Rates are kept per day by the host and per minute by the pumps. */
export const MIN_PER_DAY = 1440;

export interface RateRangeMlPerMin {
  minMlPerMin: number;
  maxMlPerMin: number;
}

/** The rates a syringe of this diameter allows on this pump model (hardware/pump-models.json). */
export function syringeRateRange(where: string, diameterMm: number | undefined, pumpModel: string): RateRangeMlPerMin {
  if (diameterMm === undefined) throw new DeviceError(`${where}: syringe diameter unknown`, 'protocol');
  return rateLimitsMlPerMin(diameterMm, findPumpModel(pumpModel));
}

/** A rate outside the range is refused before anything is sent; `syringe` and `pumpModel` name the bound. */
export function refuseRateOutside(rateMlPerDay: number, range: RateRangeMlPerMin, syringe: string, pumpModel: string): void {
  const mlPerMin = rateMlPerDay / MIN_PER_DAY;
  if (mlPerMin >= range.minMlPerMin && mlPerMin <= range.maxMlPerMin) return;
  throw new DeviceError(
    `rate ${rateMlPerDay} mL/day is outside the range of ${syringe} on ${pumpModel}: ${(range.minMlPerMin * MIN_PER_DAY).toPrecision(4)}..${(range.maxMlPerMin * MIN_PER_DAY).toPrecision(4)} mL/day (not sent)`,
    'out-of-range',
  );
}
