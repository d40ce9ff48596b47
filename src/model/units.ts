export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
/** Julian year, so that drift per year does not depend on which year it is. */
export const MS_PER_YEAR = 365.25 * MS_PER_DAY;

export function msToDays(ms: number): number {
  return ms / MS_PER_DAY;
}

export function daysToMs(days: number): number {
  return days * MS_PER_DAY;
}
