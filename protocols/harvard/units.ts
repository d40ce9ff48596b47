// Harvard "Ultra" units and numbers. Rates are `<volume>/<time>`: the pump takes the short
// forms `{m|u|n|p}/{h|m|s}` (`u/m` is µL/min) and the long forms (`ul/min`, `ml/hr`) [M];
// volumes `ml ul nl pl`, and the short `m u n p` that clients send (`svolume 10 m`) [M, C].
// The pump prints the long forms (`3.20000 ul/min`) [M]. Everything is converted to the
// project's units, mL/min and mL, here and nowhere else.
import * as z from 'zod';

export const HARVARD_VOLUME_UNITS = ['ml', 'ul', 'nl', 'pl'] as const;
export type HarvardVolumeUnits = (typeof HARVARD_VOLUME_UNITS)[number];

/** Printed time units of a rate: `ml/hr`, `ul/min`, `nl/s` ([?] the pump's print of per-second). */
export const HARVARD_TIME_UNITS = ['hr', 'min', 's'] as const;
export type HarvardTimeUnits = (typeof HARVARD_TIME_UNITS)[number];

export const HARVARD_RATE_UNITS = HARVARD_VOLUME_UNITS.flatMap((v) => HARVARD_TIME_UNITS.map((t) => `${v}/${t}` as const));
export type HarvardRateUnits = `${HarvardVolumeUnits}/${HarvardTimeUnits}`;

/** Volume words the pump reads, to their printed unit: long forms and one-letter short forms. */
const VOLUME_WORDS: Readonly<Record<string, HarvardVolumeUnits>> = {
  ml: 'ml',
  ul: 'ul',
  nl: 'nl',
  pl: 'pl',
  m: 'ml',
  u: 'ul',
  n: 'nl',
  p: 'pl',
};
/** Time words of a rate: `h m s` [M] and `hr min` [M]; `sec` [?] lenient. */
const TIME_WORDS: Readonly<Record<string, HarvardTimeUnits>> = { h: 'hr', hr: 'hr', m: 'min', min: 'min', s: 's', sec: 's' };

const ML_PER_VOLUME_UNIT: Readonly<Record<HarvardVolumeUnits, number>> = { ml: 1, ul: 1e-3, nl: 1e-6, pl: 1e-9 };
const PER_MIN_PER_TIME_UNIT: Readonly<Record<HarvardTimeUnits, number>> = { hr: 1 / 60, min: 1, s: 60 };

const own = <T>(table: Readonly<Record<string, T>>, key: string): T | null => (Object.hasOwn(table, key) ? (table[key] ?? null) : null);

/** `ml`, `m`, `UL` … → the printed unit; null if not a volume unit. Case-insensitive [?]. */
export function parseHarvardVolumeUnits(text: string): HarvardVolumeUnits | null {
  return own(VOLUME_WORDS, text.toLowerCase());
}

/** `u/m`, `ul/min`, `m/h`, `nl/s` … → the printed unit; null otherwise. Case-insensitive [?]. */
export function parseHarvardRateUnits(text: string): HarvardRateUnits | null {
  const [v, t, extra] = text.toLowerCase().split('/');
  if (v === undefined || t === undefined || extra !== undefined) return null;
  const volume = own(VOLUME_WORDS, v);
  const time = own(TIME_WORDS, t);
  return volume === null || time === null ? null : `${volume}/${time}`;
}

function splitRateUnits(units: HarvardRateUnits): [HarvardVolumeUnits, HarvardTimeUnits] {
  const [v, t] = units.split('/') as [HarvardVolumeUnits, HarvardTimeUnits];
  return [v, t];
}

export function harvardVolumeToMl(value: number, units: HarvardVolumeUnits): number {
  return value * ML_PER_VOLUME_UNIT[units];
}

export function mlToHarvardVolume(ml: number, units: HarvardVolumeUnits): number {
  return ml / ML_PER_VOLUME_UNIT[units];
}

export function harvardRateToMlPerMin(value: number, units: HarvardRateUnits): number {
  const [v, t] = splitRateUnits(units);
  return value * ML_PER_VOLUME_UNIT[v] * PER_MIN_PER_TIME_UNIT[t];
}

export function mlPerMinToHarvardRate(mlPerMin: number, units: HarvardRateUnits): number {
  const [v, t] = splitRateUnits(units);
  return mlPerMin / (ML_PER_VOLUME_UNIT[v] * PER_MIN_PER_TIME_UNIT[t]);
}

export const harvardRateUnitsSchema = z.enum(HARVARD_RATE_UNITS as [HarvardRateUnits, ...HarvardRateUnits[]]);
export const harvardVolumeUnitsSchema = z.enum(HARVARD_VOLUME_UNITS);

/** A quantity as the pump keeps it: the number and the unit it was given in. */
export const harvardRateSchema = z.object({ value: z.number().nonnegative(), units: harvardRateUnitsSchema });
export type HarvardRate = z.infer<typeof harvardRateSchema>;
export const harvardVolumeSchema = z.object({ value: z.number().nonnegative(), units: harvardVolumeUnitsSchema });
export type HarvardVolume = z.infer<typeof harvardVolumeSchema>;

const HARVARD_NUMBER = /^(?:\d+\.?\d*|\.\d+)$/;

/** Unsigned decimal as the pump takes it (no sign, no exponent; `14.4300`, `.5`, `10.`). */
export function parseHarvardNumber(text: string): number | null {
  return HARVARD_NUMBER.test(text) ? Number(text) : null;
}

/**
 * Host side: a plain decimal with up to 6 significant digits and no exponent, trailing
 * zeros dropped (`3.2`, `0.000123`). [?] The pump's input precision is not documented;
 * 6 significant digits is beyond any syringe's diameter accuracy.
 */
export function formatHarvardNumber(x: number): string {
  const { fixed } = sixSignificantFixed(x);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** Both sides write 6 significant digits in fixed point; they differ only in what they trim. */
function sixSignificantFixed(x: number): { fixed: string; decimals: number } {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`${x} is not a non-negative number`);
  if (x === 0) return { fixed: '0', decimals: 0 };
  const magnitude = Math.floor(Math.log10(x));
  const decimals = Math.min(20, Math.max(0, 5 - magnitude));
  return { fixed: x.toFixed(decimals), decimals };
}

/**
 * Pump side: how the pump prints a quantity: 6 significant digits with trailing zeros kept
 * (`1.00000 ml/min`, `3.20000 ul/min`, `250.000 ul`), never an exponent [? from the
 * reference's `1.00000 ml/min`; the manual writes `#`]. Integers of 7+ digits print whole.
 */
export function formatHarvardReplyNumber(x: number): string {
  const { fixed, decimals } = sixSignificantFixed(x);
  // toFixed can round up into the next decade (9.999995 -> "10.00000"): one digit too many.
  const digits = fixed.replace('.', '').replace(/^0+/, '').length;
  return digits > 6 && fixed.includes('.') ? x.toFixed(Math.max(0, decimals - 1)) : fixed;
}

export function formatHarvardRate(rate: HarvardRate): string {
  return `${formatHarvardReplyNumber(rate.value)} ${rate.units}`;
}

export function formatHarvardVolume(volume: HarvardVolume): string {
  return `${formatHarvardReplyNumber(volume.value)} ${volume.units}`;
}

/** A rate in mL/min as a quantity in the largest unit that keeps the number at or above 1. */
export function harvardRateQuantity(
  mlPerMin: number,
  order: readonly HarvardRateUnits[] = ['ml/min', 'ul/min', 'nl/min', 'pl/min'],
): HarvardRate {
  for (const units of order) {
    const value = mlPerMinToHarvardRate(mlPerMin, units);
    if (value >= 1) return { value, units };
  }
  const last = order[order.length - 1] ?? 'pl/min';
  return { value: mlPerMinToHarvardRate(mlPerMin, last), units: last };
}

/** A volume in mL in the largest unit that keeps the number at or above 1 (0 prints in ul [?]). */
export function harvardVolumeQuantity(ml: number): HarvardVolume {
  for (const units of ['ml', 'ul', 'nl'] as const) {
    const value = mlToHarvardVolume(ml, units);
    if (value >= 1) return { value, units };
  }
  return ml === 0 ? { value: 0, units: 'ul' } : { value: mlToHarvardVolume(ml, 'pl'), units: 'pl' };
}
