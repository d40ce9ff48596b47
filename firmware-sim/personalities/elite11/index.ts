// The Pump 11 Elite personality for the generic superloop, and a factory that wires it to a UART.
import type { AppContext, BootInfo, Personality } from '../../app/personality.ts';
import { createBenchPumpDevice, type BenchPumpDevice, type BenchPumpDeviceOptions, type BenchPumpWiring } from '../bench-pump.ts';
import { Elite11Firmware, type Elite11FirmwareOptions } from './firmware.ts';
import { Elite11StateSchema, type Elite11State } from './state.ts';

export { Elite11Firmware, type Elite11FirmwareOptions } from './firmware.ts';
export { Elite11StateSchema, blankElite11State, type Elite11State } from './state.ts';

/** `ver` body [?: the form recalled from a Pump 11 Elite; not checked on a pump]. */
export const ELITE11_VERSION_LINE = '11 ELITE I/W Single 3.0.4';

export const elite11Personality: Personality<typeof Elite11StateSchema, Elite11FirmwareOptions> = {
  name: 'elite11',
  firmwareVersion: '3.0.4',
  stateSchema: Elite11StateSchema,
  boot(ctx: AppContext, restored: Elite11State | undefined, info: BootInfo, options: Elite11FirmwareOptions) {
    return new Elite11Firmware(ctx, restored, info, options);
  },
};

export interface Elite11DeviceOptions extends BenchPumpDeviceOptions {
  limits: Elite11FirmwareOptions['limits'];
  baud?: Elite11State['baud'];
}

/** `injectStall` stalls the motor (`*` prompt) as soon as it runs. */
export type Elite11Device = BenchPumpDevice<Elite11State, Elite11Firmware>;

export function createElite11Device(options: Elite11DeviceOptions): Elite11Device {
  return createBenchPumpDevice(elite11Personality, options, 115200, (wiring: BenchPumpWiring<Elite11Firmware>) => ({
    ...wiring,
    limits: options.limits,
    versionLine: ELITE11_VERSION_LINE,
    address: options.address,
    baud: options.baud,
    diameterMm: options.diameterMm,
  }));
}
