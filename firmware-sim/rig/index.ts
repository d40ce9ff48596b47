/** Rig mode: a simulated balance weighing what a simulated pump delivers (README.md). */
export { startMtSicsSim, type RunningMtSicsSim } from './start.ts';
export { deviceDeliverySource, withDeliveryError } from './sources.ts';
export { startDeliveryPublisher, fileDeliverySource } from './delivery-file.ts';
