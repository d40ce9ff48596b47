import type { Command } from 'commander';
import { z } from 'zod';
import { computeRecipe, DosingError, RECIPE_DEFAULTS, type Recipe } from '../../model/index.ts';
import { CliError, numberFlag, parseOptions, printJson } from '../shared.ts';

const DoseOptionsSchema = z.object({
  weightKg: numberFlag,
  doseMgPerKgDay: numberFlag,
  reservoirMl: numberFlag,
  flowMlPerDay: numberFlag,
  dexamethasoneMg: numberFlag.optional(),
  heparinUnits: numberFlag.optional(),
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

export function register(program: Command): void {
  program
    .command('dose')
    .description('the FUDR pump-fill recipe: FUDR (mg) = dose × weight × reservoir / flow, plus dexamethasone and heparin, saline to volume')
    .requiredOption('--weight-kg <W>', 'patient weight, kg (20–250)')
    .requiredOption('--dose-mg-per-kg-day <D>', 'FUDR dose, mg/kg/day (0.01–0.6)')
    .requiredOption('--reservoir-ml <V>', 'pump reservoir volume, mL (10–60)')
    .requiredOption('--flow-ml-per-day <Q>', 'measured pump flow, mL/day (0.3–5)')
    .option('--dexamethasone-mg <mg>', `dexamethasone added, mg (default ${RECIPE_DEFAULTS.dexamethasoneMg})`)
    .option('--heparin-units <U>', `heparin added, units (default ${RECIPE_DEFAULTS.heparinUnits})`)
    .option('--json', 'machine-readable output')
    .action((raw: unknown) => {
      const { json, ...input } = parseOptions(DoseOptionsSchema, raw);
      let recipe: Recipe;
      try {
        recipe = computeRecipe(input);
      } catch (error) {
        if (error instanceof DosingError) throw new CliError(error.message, 2);
        throw error;
      }
      if (json === true) printJson(recipe);
      else process.stdout.write(`${formatRecipe(recipe)}\n`);
    });
}
