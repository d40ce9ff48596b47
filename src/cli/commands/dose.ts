import type { Command } from 'commander';
import * as z from 'zod';
import { computeRecipe, DOSING_LIMITS, RECIPE_DEFAULTS, type Recipe } from '../../model/index.ts';
import { numberFlag, parseOptions, print, printJson } from '../shared.ts';

/** The model's accepted ranges, checked here too so the message names the flag typed. */
const limited = (field: keyof typeof DOSING_LIMITS) =>
  numberFlag.pipe(z.number().min(DOSING_LIMITS[field].min).max(DOSING_LIMITS[field].max));

const DoseOptionsSchema = z.object({
  weightKg: limited('weightKg'),
  doseMgPerKgDay: limited('doseMgPerKgDay'),
  reservoirMl: limited('reservoirMl'),
  flowMlPerDay: limited('flowMlPerDay'),
  dexamethasoneMg: numberFlag.pipe(z.number().min(0)).optional(),
  heparinUnits: numberFlag.pipe(z.number().min(0)).optional(),
  json: z.boolean().optional(),
});

function formatRecipe(r: Recipe): string {
  const ml = (v: number): string => `${v.toFixed(2).padStart(6)} mL`;
  return [
    `Pump fill for ${r.weightKg} kg at ${r.doseMgPerKgDay} mg/kg/day: ${r.reservoirMl} mL at ${r.flowMlPerDay} mL/day empties in ${r.durationDays.toFixed(1)} days, delivering ${r.fudrMgPerDay.toFixed(1)} mg FUDR/day`,
    `  FUDR           ${r.fudrMg.toFixed(1).padStart(8)} mg  ${ml(r.fudrVolumeMl)} of ${r.fudrStockMgPerMl} mg/mL`,
    `  dexamethasone  ${r.dexamethasoneMg.toFixed(1).padStart(8)} mg  ${ml(r.dexamethasoneVolumeMl)} of ${r.dexamethasoneStockMgPerMl} mg/mL`,
    `  heparin        ${r.heparinUnits.toFixed(0).padStart(8)} U   ${ml(r.heparinVolumeMl)} of ${r.heparinStockUnitsPerMl} U/mL`,
    `  saline                       ${ml(r.salineVolumeMl)}`,
    `  total                        ${ml(r.reservoirMl)}`,
    '  Stock strengths and additive amounts are estimates of common practice; they are configurable.',
  ].join('\n');
}

const range = (field: keyof typeof DOSING_LIMITS): string => `${DOSING_LIMITS[field].min}–${DOSING_LIMITS[field].max}`;

export function configure(command: Command): void {
  command
    .requiredOption('--weight-kg <W>', `patient weight, kg (${range('weightKg')})`)
    .requiredOption('--dose-mg-per-kg-day <D>', `FUDR dose, mg/kg/day (${range('doseMgPerKgDay')})`)
    .requiredOption('--reservoir-ml <V>', `pump reservoir volume, mL (${range('reservoirMl')})`)
    .requiredOption('--flow-ml-per-day <Q>', `measured pump flow, mL/day (${range('flowMlPerDay')})`)
    .option('--dexamethasone-mg <mg>', `dexamethasone added, mg (default ${RECIPE_DEFAULTS.dexamethasoneMg})`)
    .option('--heparin-units <U>', `heparin added, units (default ${RECIPE_DEFAULTS.heparinUnits})`)
    .option('--json', 'machine-readable output')
    .action((raw: unknown) => {
      const { json, ...input } = parseOptions(DoseOptionsSchema, raw);
      const recipe = computeRecipe(input);
      if (json === true) printJson(recipe);
      else print(`${formatRecipe(recipe)}\n`);
    });
}
