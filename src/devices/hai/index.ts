/** The HAI pump driver: `HaiDevice` behind `PumpDevice`, and its factories. */
export { HaiDevice, type DeviceEvent } from './device.ts';
export { openHaiDevice, connectInProcessHai } from './open.ts';
export type { BytePipe } from '../../transport/pipe-port.ts';
