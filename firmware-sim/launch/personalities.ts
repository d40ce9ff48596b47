/** What `haipump sim --personality` can run: every pump kind, and the lab balance. */
import { HAI_FACTORY_BAUD } from '../../protocols/hai/limits.ts';
import { HARVARD_FACTORY_BAUD } from '../../protocols/harvard/index.ts';
import { MTSICS_FACTORY_BAUD } from '../../protocols/mtsics/index.ts';
import { NE_FACTORY_BAUD } from '../../protocols/newera/index.ts';
import { DEVICE_KINDS } from '../../src/model/device-kinds.ts';

export const SIM_PERSONALITIES = [...DEVICE_KINDS, 'mtsics'] as const;
export type SimPersonality = (typeof SIM_PERSONALITIES)[number];

/** The baud each emulated device starts at unless told otherwise: its maker's factory setting. */
export const SIM_FACTORY_BAUD: Readonly<Record<SimPersonality, number>> = {
  hai: HAI_FACTORY_BAUD,
  ne1000: NE_FACTORY_BAUD,
  elite11: HARVARD_FACTORY_BAUD,
  mtsics: MTSICS_FACTORY_BAUD,
};
