/** A recipe input that cannot be a sane pump fill. A RangeError, so generic range handling catches it. */
/** The drug phase of the classic schedule: 14 days of FUDR, then drain and a maintenance fill (hai-pump.md). */
export const DEFAULT_DRUG_DAYS = 14;

export class DosingError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'DosingError';
  }
}

export interface RecipeInput {
  weightKg: number;
  doseMgPerKgDay: number;
  reservoirMl: number;
  flowMlPerDay: number;
  dexamethasoneMg?: number;
  heparinUnits?: number;
  fudrStockMgPerMl?: number;
  dexamethasoneStockMgPerMl?: number;
  heparinStockUnitsPerMl?: number;
}

export interface Recipe {
  fudrMg: number;
  dexamethasoneMg: number;
  heparinUnits: number;
  fudrVolumeMl: number;
  dexamethasoneVolumeMl: number;
  heparinVolumeMl: number;
  salineVolumeMl: number;
  reservoirMl: number;
  flowMlPerDay: number;
  durationDays: number;
  fudrMgPerDay: number;
  doseMgPerKgDay: number;
  weightKg: number;
  fudrStockMgPerMl: number;
  dexamethasoneStockMgPerMl: number;
  heparinStockUnitsPerMl: number;
}

/**
 * Accepted ranges. Dose: HAI FUDR runs 0.1–0.6 mg/kg/day (LiverTox Floxuridine); the floor is lower
 * because dose-reduction rules cut a dose to 25 %. Reservoir: pump models are 16/30/50 mL.
 * Flow: factory rates are about 0.5–3 mL/day; measured flow can sit a little outside.
 */
export const DOSING_LIMITS = {
  weightKg: { min: 20, max: 250, unit: 'kg' },
  doseMgPerKgDay: { min: 0.01, max: 0.6, unit: 'mg/kg/day' },
  reservoirMl: { min: 10, max: 60, unit: 'mL' },
  flowMlPerDay: { min: 0.3, max: 5, unit: 'mL/day' },
} as const;

/** Usual additives and stock strengths [E]: 500 mg FUDR vial made up in 5 mL; dexamethasone 10 mg/mL; heparin 10,000 U/mL. */
export const RECIPE_DEFAULTS = {
  dexamethasoneMg: 25,
  heparinUnits: 30_000,
  fudrStockMgPerMl: 100,
  dexamethasoneStockMgPerMl: 10,
  heparinStockUnitsPerMl: 10_000,
} as const;

function requireInRange(field: keyof typeof DOSING_LIMITS, value: number): number {
  const { min, max, unit } = DOSING_LIMITS[field];
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new DosingError(`${field} = ${value} is out of range: accepted ${min}–${max} ${unit}`);
  }
  return value;
}

function requireFinite(field: string, value: number, positive: boolean): number {
  const ok = Number.isFinite(value) && (positive ? value > 0 : value >= 0);
  if (!ok) throw new DosingError(`${field} = ${value} is out of range: accepted a finite number ${positive ? '> 0' : '>= 0'}`);
  return value;
}

/**
 * The common pump recipe: FUDR (mg) = dose × weight × reservoir / flow, so the reservoir holds
 * exactly one fill's worth of drug at the measured flow; additives go in; saline makes up the rest.
 */
export function computeRecipe(input: RecipeInput): Recipe {
  const weightKg = requireInRange('weightKg', input.weightKg);
  const doseMgPerKgDay = requireInRange('doseMgPerKgDay', input.doseMgPerKgDay);
  const reservoirMl = requireInRange('reservoirMl', input.reservoirMl);
  const flowMlPerDay = requireInRange('flowMlPerDay', input.flowMlPerDay);
  const dexamethasoneMg = requireFinite('dexamethasoneMg', input.dexamethasoneMg ?? RECIPE_DEFAULTS.dexamethasoneMg, false);
  const heparinUnits = requireFinite('heparinUnits', input.heparinUnits ?? RECIPE_DEFAULTS.heparinUnits, false);
  const fudrStockMgPerMl = requireFinite('fudrStockMgPerMl', input.fudrStockMgPerMl ?? RECIPE_DEFAULTS.fudrStockMgPerMl, true);
  const dexamethasoneStockMgPerMl = requireFinite(
    'dexamethasoneStockMgPerMl',
    input.dexamethasoneStockMgPerMl ?? RECIPE_DEFAULTS.dexamethasoneStockMgPerMl,
    true,
  );
  const heparinStockUnitsPerMl = requireFinite(
    'heparinStockUnitsPerMl',
    input.heparinStockUnitsPerMl ?? RECIPE_DEFAULTS.heparinStockUnitsPerMl,
    true,
  );

  const durationDays = reservoirMl / flowMlPerDay;
  const fudrMgPerDay = doseMgPerKgDay * weightKg;
  const fudrMg = fudrMgPerDay * durationDays;
  const fudrVolumeMl = fudrMg / fudrStockMgPerMl;
  const dexamethasoneVolumeMl = dexamethasoneMg / dexamethasoneStockMgPerMl;
  const heparinVolumeMl = heparinUnits / heparinStockUnitsPerMl;
  const additivesMl = fudrVolumeMl + dexamethasoneVolumeMl + heparinVolumeMl;
  if (additivesMl > reservoirMl) {
    throw new DosingError(
      `additive volume = ${additivesMl.toFixed(2)} mL (FUDR ${fudrVolumeMl.toFixed(2)} + dexamethasone ${dexamethasoneVolumeMl.toFixed(2)} + heparin ${heparinVolumeMl.toFixed(2)}) does not fit: accepted up to reservoirMl ${reservoirMl} mL`,
    );
  }
  return {
    fudrMg,
    dexamethasoneMg,
    heparinUnits,
    fudrVolumeMl,
    dexamethasoneVolumeMl,
    heparinVolumeMl,
    salineVolumeMl: reservoirMl - additivesMl,
    reservoirMl,
    flowMlPerDay,
    durationDays,
    fudrMgPerDay,
    doseMgPerKgDay,
    weightKg,
    fudrStockMgPerMl,
    dexamethasoneStockMgPerMl,
    heparinStockUnitsPerMl,
  };
}
