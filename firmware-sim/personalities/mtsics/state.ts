import * as z from 'zod';

/**
 * What the balance keeps in non-volatile memory: the zero point (load-cell mass that reads as
 * zero, g) and the tare memory (g). A real balance keeps them across a power cycle only on some
 * models; here they persist so a restarted emulator keeps weighing the same beaker the same way.
 */
export const MtSicsStateSchema = z.strictObject({
  zeroG: z.number().finite(),
  tareG: z.number().finite().nonnegative(),
});
export type MtSicsState = z.output<typeof MtSicsStateSchema>;

export function blankMtSicsState(): MtSicsState {
  return { zeroG: 0, tareG: 0 };
}
