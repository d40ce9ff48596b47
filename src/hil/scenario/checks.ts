/** The comparisons scenario steps make; each returns null when fine, else what was wrong. */
import type { NumberCheck, TextCheck } from './schema.ts';

export function checkNumber(actual: number, check: NumberCheck): string | null {
  if (typeof check === 'number') return actual === check ? null : `${actual}, expected ${check}`;
  if ('approx' in check) return Math.abs(actual - check.approx) <= check.tol ? null : `${actual}, expected ${check.approx} ± ${check.tol}`;
  if (check.min !== undefined && actual < check.min) return `${actual}, expected ≥ ${check.min}`;
  if (check.max !== undefined && actual > check.max) return `${actual}, expected ≤ ${check.max}`;
  return null;
}

export function checkText(actual: string, check: TextCheck): string | null {
  if (typeof check === 'string') return actual === check ? null : `${JSON.stringify(actual)}, expected ${JSON.stringify(check)}`;
  return new RegExp(check.match).test(actual) ? null : `${JSON.stringify(actual)}, expected to match /${check.match}/`;
}

export function describeTextCheck(check: TextCheck): string {
  return typeof check === 'string' ? JSON.stringify(check) : `/${check.match}/`;
}
