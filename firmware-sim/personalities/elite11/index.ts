// The Pump 11 Elite personality for the generic superloop, and a factory that wires it to a UART.
// The same firmware plays every model of the "Ultra" family: the model row says what differs.
import { HARVARD_FACTORY_BAUD, findHarvardModel } from '../../../protocols/harvard/index.ts';
import type { HarvardBaud, HarvardBuiltInSyringe, HarvardModel } from '../../../protocols/harvard/index.ts';
import { firmwarePersonality, type Personality } from '../../app/personality.ts';
import { createBenchPumpDevice, type BenchPumpDevice, type BenchPumpDeviceOptions, type BenchPumpWiring } from '../bench-pump.ts';
import { Elite11Firmware, type Elite11FirmwareOptions } from './firmware.ts';
import { Elite11StateSchema, type Elite11State } from './state.ts';

export { Elite11Firmware, type Elite11FirmwareOptions } from './firmware.ts';
export { Elite11StateSchema, type Elite11State } from './state.ts';

function defaultModel(): HarvardModel {
  const model = findHarvardModel('elite11');
  if (model === undefined) throw new Error('protocols/harvard/models.ts has no elite11 row');
  return model;
}

/** The default model's firmware version (`ver` → ` 11 Elite 3.0.4`). */
export const ELITE11_FIRMWARE = defaultModel().firmware;

export const elite11Personality: Personality<typeof Elite11StateSchema, Elite11FirmwareOptions> = firmwarePersonality(
  'elite11',
  ELITE11_FIRMWARE,
  Elite11StateSchema,
  Elite11Firmware,
);

export interface Elite11DeviceOptions extends BenchPumpDeviceOptions {
  limits: Elite11FirmwareOptions['limits'];
  baud?: HarvardBaud;
  /** Which pump of the family (default the Pump 11 Elite I/W). */
  model?: HarvardModel;
  /** Wired to the host, so it answers lines with no address (default true: a lone pump). On a
   * chain exactly one pump is the head, by the manual pump 0. */
  chainHead?: boolean;
  /** The built-in table `syrm` chooses from (harvardBuiltInSyringes of the caller's syringe table). */
  syringes: readonly HarvardBuiltInSyringe[];
}

/** `injectStall` stalls the motor (`*` prompt) as soon as it runs. */
export type Elite11Device = BenchPumpDevice<Elite11State, Elite11Firmware>;

export function createElite11Device(options: Elite11DeviceOptions): Elite11Device {
  return createBenchPumpDevice(elite11Personality, options, HARVARD_FACTORY_BAUD, (wiring: BenchPumpWiring<Elite11Firmware>) => ({
    ...wiring,
    limits: options.limits,
    model: options.model ?? defaultModel(),
    syringes: options.syringes,
    chainHead: options.chainHead ?? true,
    address: options.address,
    baud: options.baud,
    diameterMm: options.diameterMm,
  }));
}
