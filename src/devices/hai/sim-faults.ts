import type { SimFault } from '../../../protocols/hai/index.ts';
import type { DeviceFault } from '../pump-device.ts';

/** The emulator's fault for each device fault; the pump has no motor to stall. The driver and
 * the HIL dialect both inject faults, so they read the one table. */
export const SIM_FAULT_OF: Readonly<Record<DeviceFault, SimFault | undefined>> = {
  occlusion: 'OCCLUSION',
  leak: 'LEAK',
  sensor: 'SENSOR',
  brownout: 'BROWNOUT',
  noise: 'NOISE',
  mute: 'MUTE',
  slow: 'SLOW',
  stall: undefined,
};
