import type { Command } from 'commander';
import { DEFAULT_DENSITY_G_PER_ML, waterDensityGPerMl } from '../../accuracy/density.ts';
import { numberFlag } from '../shared.ts';

/**
 * The flags of a gravimetric run that `trumpet` (from a CSV) and `accuracy` (live) share: the set
 * rate, the sampling interval and the density that turns grams into millilitres. Stated once, so
 * the two commands cannot come to read the same run differently.
 */
export const GRAVIMETRIC_FIELDS = {
  rate: numberFlag.refine((r) => r > 0, 'must be a positive rate in mL/h'),
  intervalS: numberFlag.refine((s) => s > 0, 'must be positive').default(30),
  density: numberFlag.optional(),
  waterTempC: numberFlag.optional(),
};

interface DensityFlags {
  density?: number | undefined;
  waterTempC?: number | undefined;
}

/** For `.refine(oneDensity, ONE_DENSITY_ISSUE)`: a density is given, or a water temperature, not both. */
export const oneDensity = (o: DensityFlags): boolean => o.density === undefined || o.waterTempC === undefined;
export const ONE_DENSITY_ISSUE = { message: 'give --density or --water-temp-c, not both', path: ['density'] };

export function addRateFlags(command: Command): Command {
  return command.requiredOption('--rate <mlPerH>', 'set rate r (mL/h)').option('--interval-s <s>', 'sampling interval S (s)', '30');
}

export function addDensityFlags(command: Command): Command {
  return command
    .option('--density <gPerMl>', 'density of the collected liquid (g/mL); default water at 20 °C')
    .option('--water-temp-c <c>', 'water temperature (°C), for the density (Tanaka 2001)');
}

/** The density the flags give, and where it came from, for the report. */
export function densityOf(options: DensityFlags): { densityGPerMl: number; densitySource: string } {
  if (options.density !== undefined) return { densityGPerMl: options.density, densitySource: 'given' };
  if (options.waterTempC !== undefined) {
    return { densityGPerMl: waterDensityGPerMl(options.waterTempC), densitySource: `water at ${options.waterTempC} °C, Tanaka 2001` };
  }
  return { densityGPerMl: DEFAULT_DENSITY_G_PER_ML, densitySource: 'water at 20 °C, default' };
}
