/** The HAI pump driver: `HaiDevice` behind `PumpDevice`, and its factories. */
export { HaiDevice, HaiCommandError, type HaiDeviceOptions, type HaiLine, type DeviceEvent } from './device.ts';
export { openHaiDevice, connectInProcessHai, type OpenHaiOptions, type InProcessHaiOptions } from './open.ts';
export { pipeOpener, type BytePipe } from '../../transport/pipe-port.ts';
