/** The New Era NE-1000 family driver (PumpDevice over src/transport). */
import { NE_FACTORY_BAUD } from '../../../protocols/newera/index.ts';
import { NewEraDevice, type NewEraDeviceOptions } from './device.ts';

export { NewEraDevice, type NewEraDeviceOptions } from './device.ts';

/** Opens the port, answers a pending power-up alarm, sets the syringe and the mode. */
export function openNewEraDevice(options: NewEraDeviceOptions): Promise<NewEraDevice> {
  return NewEraDevice.open({ ...options, baudRate: options.baudRate ?? NE_FACTORY_BAUD, address: options.address ?? 0 });
}
