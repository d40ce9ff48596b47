/** Fault names a scenario may inject: the PumpDevice vocabulary (src/devices/pump-device.ts). */
import type { DeviceFault } from '../../devices/pump-device.ts';

export const DEVICE_FAULTS = [
  'occlusion',
  'leak',
  'sensor',
  'brownout',
  'noise',
  'mute',
  'slow',
  'stall',
] as const satisfies readonly DeviceFault[];
