import * as z from 'zod';

/**
 * The fluids the pump is labelled for (Intera 3000 safety information lists these among others).
 * 'fudr' is the drug fill: floxuridine + dexamethasone + heparin made up in saline.
 */
export const INFUSATE_NAMES = ['saline', 'heparinized-saline', 'glycerin', 'fudr'] as const;
export type InfusateName = (typeof INFUSATE_NAMES)[number];
export const InfusateNameSchema = z.enum(INFUSATE_NAMES);
