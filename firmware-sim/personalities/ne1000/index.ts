// The NE-1000 personality for the generic superloop, and a factory that wires it to a UART.
import { NE_FACTORY_BAUD, type NeBaudRate } from '../../../protocols/newera/index.ts';
import { firmwarePersonality, type Personality } from '../../app/personality.ts';
import { createBenchPumpDevice, type BenchPumpDevice, type BenchPumpDeviceOptions, type BenchPumpWiring } from '../bench-pump.ts';
import { Ne1000Firmware, type Ne1000FirmwareOptions } from './firmware.ts';
import { Ne1000StateSchema, type Ne1000State } from './state.ts';

export { Ne1000Firmware, type Ne1000FirmwareOptions } from './firmware.ts';
export { Ne1000StateSchema, type Ne1000State } from './state.ts';
export { NL_PER_ML } from './plunger.ts';
export { openSwitchableSerialUart } from '../../hal/uart-serialport.ts';

/** Firmware version the emulator reports (`VER` → `NE1000V3.928`) [?: a plausible V3.9 number]. */
export const NE1000_VERSION = { model: 'NE1000', firmware: '3.928' } as const;

export const ne1000Personality: Personality<typeof Ne1000StateSchema, Ne1000FirmwareOptions> = firmwarePersonality(
  'ne1000',
  NE1000_VERSION.firmware,
  Ne1000StateSchema,
  Ne1000Firmware,
);

export interface Ne1000DeviceOptions extends BenchPumpDeviceOptions {
  limits: Ne1000FirmwareOptions['limits'];
  baud?: NeBaudRate;
}

/** `injectStall` raises alarm S: now if running, else after the next RUN. */
export type Ne1000Device = BenchPumpDevice<Ne1000State, Ne1000Firmware>;

/** An emulated NE-1000 on any Uart: a pty, a USB adapter, or an in-process pair. */
export function createNe1000Device(options: Ne1000DeviceOptions): Ne1000Device {
  return createBenchPumpDevice(ne1000Personality, options, NE_FACTORY_BAUD, (wiring: BenchPumpWiring<Ne1000Firmware>) => ({
    ...wiring,
    limits: options.limits,
    version: { ...NE1000_VERSION },
    address: options.address,
    baud: options.baud,
    diameterMm: options.diameterMm,
  }));
}
