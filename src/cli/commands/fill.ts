import type { Command } from 'commander';
import * as z from 'zod';
import { InfusateNameSchema, INFUSATE_NAMES, type PumpProfile, type Recipe } from '../../model/index.ts';
import { DEFAULT_DRUG_DAYS, refillDue, showInZone, type RefillDue } from '../../schedule/index.ts';
import { fill, getPump, profileOf, type FillInput, type FillResult } from '../../store/index.ts';
import { CliError, numberFlag, parseOptions, print, printJson } from '../shared.ts';
import { addCommonOptions, CommonOptionsSchema, databaseLine, fixed, withStore, whenOf } from './store-common.ts';
import { fillJson } from '../../store/json.ts';
import { scheduleJson } from './store-format.ts';

/** Fill flags, shared with `refill` (which can record the new fill of the same visit). */
export const FillFlagsSchema = z.object({
  infusate: InfusateNameSchema.optional(),
  volumeMl: numberFlag.optional(),
  doseMgPerKgDay: numberFlag.optional(),
  weightKg: numberFlag.optional(),
  drugDays: numberFlag.optional(),
  dexamethasoneMg: numberFlag.optional(),
  heparinUnits: numberFlag.optional(),
  ignoreLabs: z.boolean().default(false),
  marginDays: numberFlag.pipe(z.number().min(0).max(60)).optional(),
});
export type FillFlags = z.output<typeof FillFlagsSchema>;

export function addFillFlags(command: Command, required: boolean): Command {
  const what = required ? '' : ' of the new fill made at this visit';
  const infusate = `infusate${what} (${INFUSATE_NAMES.join(', ')})`;
  const volume = `volume${what}, mL (residual + volume must fit the reservoir)`;
  return (
    required
      ? command.requiredOption('--infusate <name>', infusate).requiredOption('--volume-ml <V>', volume)
      : command.option('--infusate <name>', infusate).option('--volume-ml <V>', volume)
  )
    .option('--dose-mg-per-kg-day <D>', 'FUDR dose before any lab-based reduction (with --weight-kg: computes and stores the recipe)')
    .option('--weight-kg <W>', 'weight for the recipe, kg')
    .option('--drug-days <N>', `days of drug for a fudr fill (default ${DEFAULT_DRUG_DAYS})`)
    .option('--dexamethasone-mg <mg>', 'dexamethasone in the recipe (default 25)')
    .option('--heparin-units <U>', 'heparin in the recipe (default 30000)')
    .option('--ignore-labs', 'do not apply the liver-test dose reduction', false)
    .option('--margin-days <D>', "days before the reserve that the refill falls due (default: the profile's refillMarginDays)");
}

/** Fill input from the flags, or null when no fill was asked for (a refill without one). */
export function fillInputOf(flags: FillFlags): Omit<FillInput, 'pumpId' | 'atMs'> | null {
  if (flags.infusate === undefined && flags.volumeMl === undefined) {
    const extra = [flags.doseMgPerKgDay, flags.weightKg, flags.drugDays, flags.dexamethasoneMg, flags.heparinUnits].some(
      (v) => v !== undefined,
    );
    if (extra) throw new CliError('fill flags (dose, weight, drug days, additives) need --infusate and --volume-ml', 'usage');
    return null;
  }
  if (flags.infusate === undefined || flags.volumeMl === undefined)
    throw new CliError('a fill needs both --infusate and --volume-ml', 'usage');
  return {
    infusate: flags.infusate,
    volumeMl: flags.volumeMl,
    drugDays: flags.drugDays,
    doseMgPerKgDay: flags.doseMgPerKgDay,
    weightKg: flags.weightKg,
    dexamethasoneMg: flags.dexamethasoneMg,
    heparinUnits: flags.heparinUnits,
    ignoreLabs: flags.ignoreLabs,
  };
}

export function recipeJson(r: Recipe): Record<string, number> {
  return { ...r };
}

export function nextOf(profile: PumpProfile, result: FillResult, marginDays: number | undefined): RefillDue {
  const f = result.fill;
  return refillDue(
    profile,
    { atMs: f.at_ms, contentMl: f.content_ml, predictedFlowMlPerDay: f.predicted_flow_ml_per_day, drugDays: f.drug_days },
    marginDays ?? profile.refillMarginDays,
  );
}

export function fillResultJson(result: FillResult, next: RefillDue, zone: string): Record<string, unknown> {
  return {
    fill: fillJson(result.fill, zone),
    residualBeforeMl: result.residualBeforeMl,
    prediction: {
      flowMlPerDay: result.prediction.flowMlPerDay,
      calibrationFlowMlPerDay: result.prediction.calibrationFlowMlPerDay,
      basis: result.prediction.basis,
      measurements: result.prediction.measurements,
    },
    recipe: result.recipe === null ? null : recipeJson(result.recipe),
    requestedDoseMgPerKgDay: result.requestedDoseMgPerKgDay,
    labs:
      result.labs === null ? null : { ratios: result.labs.ratios, factor: result.labs.result.factor, reasons: result.labs.result.reasons },
    next: scheduleJson(next, zone),
  };
}

export function fillResultLines(result: FillResult, next: RefillDue, zone: string): string[] {
  const f = result.fill;
  const p = result.prediction;
  const lines = [
    `pump ${f.pump_id}: filled ${fixed(f.volume_ml, 2)} mL ${f.infusate} at ${showInZone(f.at_ms, zone)} (content ${fixed(f.content_ml, 2)} mL${result.residualBeforeMl > 0 ? ` with the ${result.residualBeforeMl} mL residual` : ''})`,
    `  predicted flow ${fixed(p.flowMlPerDay)} mL/day (${p.basis === 'measured' ? (p.measurements === 1 ? 'the one measured flow so far' : `weighted mean of the last ${p.measurements} measured flows`) : 'nominal rate: no measured flow yet'}; ${fixed(p.calibrationFlowMlPerDay)} mL/day for the calibration fluid)`,
  ];
  const r = result.recipe;
  if (r !== null) {
    if (result.labs !== null && result.labs.result.reasons.length > 0) {
      lines.push(
        `  liver tests: ${result.labs.result.reasons.join('; ')}: dose ${result.requestedDoseMgPerKgDay} → ${fixed(r.doseMgPerKgDay, 4)} mg/kg/day`,
      );
    }
    lines.push(
      `  recipe at ${fixed(r.flowMlPerDay)} mL/day: FUDR ${fixed(r.fudrMg, 1)} mg (${fixed(r.fudrVolumeMl, 2)} mL), dexamethasone ${fixed(r.dexamethasoneMg, 1)} mg (${fixed(r.dexamethasoneVolumeMl, 2)} mL), heparin ${fixed(r.heparinUnits, 0)} U (${fixed(r.heparinVolumeMl, 2)} mL), saline ${fixed(r.salineVolumeMl, 2)} mL: ${fixed(r.fudrMgPerDay, 2)} mg FUDR/day`,
    );
  } else if (f.infusate === 'fudr') {
    lines.push('  no recipe recorded (give --dose-mg-per-kg-day and --weight-kg to compute one)');
  }
  const drug = next.drugPhaseEndAtMs === null ? '' : `, drug phase ends ${showInZone(next.drugPhaseEndAtMs, zone)}`;
  lines.push(
    `  next refill due ${showInZone(next.dueAtMs, zone)} (${next.reason}); reserve reached ${showInZone(next.reserveAtMs, zone)}${drug}; runs dry ${showInZone(next.dryAtMs, zone)}`,
  );
  return lines;
}

const OptionsSchema = CommonOptionsSchema.extend(FillFlagsSchema.shape).extend({ at: z.string().min(1).optional() });

export function configure(command: Command): void {
  command.option('--at <time>', 'when (ISO 8601, local to --tz; default now; not in the future)');
  addCommonOptions(addFillFlags(command, true)).action((pumpId: string, raw: unknown) => {
    const o = parseOptions(OptionsSchema, raw);
    const { zone, nowMs, atMs } = whenOf(o);
    const input = fillInputOf(o);
    if (input === null) throw new CliError('a fill needs --infusate and --volume-ml', 'usage');
    const { result, next } = withStore(o.db, 'write', (db) => {
      const result = fill(db, { ...input, pumpId, atMs }, nowMs);
      const pump = getPump(db, pumpId);
      if (pump === null) throw new Error('pump vanished');
      return { result, next: nextOf(profileOf(pump), result, o.marginDays) };
    });
    if (o.json) printJson(fillResultJson(result, next, zone));
    else print(`${[...fillResultLines(result, next, zone), databaseLine(o.db)].join('\n')}\n`);
  });
}
