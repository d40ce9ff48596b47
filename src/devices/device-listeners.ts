import { stampDeviceEvent, type DeviceEvent, type UnstampedDeviceEvent } from './pump-device.ts';

/** What `PumpDevice.onEvent` takes. */
export type DeviceEventListener = (event: DeviceEvent) => void;

/** The `onEvent` listeners of a driver; every event is stamped with the driver's clock once. */
export class DeviceListeners {
  private readonly listeners = new Set<DeviceEventListener>();

  add(listener: DeviceEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: UnstampedDeviceEvent, atMs: number): void {
    const stamped = stampDeviceEvent(event, atMs);
    for (const l of this.listeners) l(stamped);
  }
}
