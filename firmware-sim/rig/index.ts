/** Rig mode: a simulated balance weighing what a simulated pump delivers (README.md). */
export { startMtSicsSim, type MtSicsSimOptions, type RunningMtSicsSim, type RigSpec } from './start.ts';
export { RIG_PUMPS, haiRigPump, ne1000RigPump, type RigPump, type RigPumpFactory, type RigPumpContext } from './pumps.ts';
export { deviceDeliverySource, withDeliveryError, type ServiceableDevice } from './sources.ts';
export { startDeliveryPublisher, fileDeliverySource, DeliveryFileSchema, type DeliveryFileRecord } from './delivery-file.ts';
