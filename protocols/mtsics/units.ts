import * as z from 'zod';

/**
 * Mass units the codec accepts. A gravimetric rig only ever needs grams; mg and kg appear when a
 * balance's display unit was changed, so they are converted rather than refused.
 * Other MT-SICS units (ct, lb, oz, ...) are refused: converting them silently would hide a
 * misconfigured balance.
 */
export const MASS_UNITS = ['g', 'mg', 'kg'] as const;
export type MassUnit = (typeof MASS_UNITS)[number];
export const massUnitSchema = z.enum(MASS_UNITS);

/** Converts a value in `unit` to grams. mg divides rather than multiplies by 0.001 so decimal inputs stay correctly rounded (100 mg → exactly 0.1). */
export function toGrams(value: number, unit: MassUnit): number {
  switch (unit) {
    case 'g':
      return value;
    case 'mg':
      return value / 1000;
    case 'kg':
      return value * 1000;
  }
}

/** A decimal as MT-SICS writes it: optional sign, digits, optional fraction; never an exponent. */
export const decimalTextSchema = z
  .string()
  .regex(/^[+-]?(?:\d+\.?\d*|\.\d+)$/, 'expected a decimal number')
  .transform((text) => Number(text));

/**
 * Writes a number without an exponent (balances do not parse `1e-7`), with at most
 * `maxDecimals` decimals and no trailing zeros.
 */
export function formatDecimal(value: number, maxDecimals = 6): string {
  const fixed = value.toFixed(maxDecimals);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}
