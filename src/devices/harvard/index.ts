/** The Harvard Apparatus "Ultra" driver (Pump 11 Elite, PHD ULTRA) over src/transport. */
import { HARVARD_FACTORY_BAUD } from '../../../protocols/harvard/index.ts';
import { HarvardUltraDevice, type HarvardUltraDeviceOptions } from './device.ts';

export { HarvardUltraDevice, pickHarvardRateUnits, type HarvardUltraDeviceOptions } from './device.ts';

/** Opens the port, sets the syringe, and reads the pump's own rate limits. */
export function openHarvardUltraDevice(options: HarvardUltraDeviceOptions): Promise<HarvardUltraDevice> {
  return HarvardUltraDevice.open({ ...options, baudRate: options.baudRate ?? HARVARD_FACTORY_BAUD, address: options.address ?? 0 });
}
