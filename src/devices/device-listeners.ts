import { stampDeviceEvent, type DeviceEvent, type UnstampedDeviceEvent } from './pump-device.ts';

/** The `onEvent` listeners of a driver; every event is stamped with the driver's clock once. */
export class DeviceListeners {
  private readonly listeners = new Set<(event: DeviceEvent) => void>();

  add(listener: (event: DeviceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: UnstampedDeviceEvent, atMs: number): void {
    const stamped = stampDeviceEvent(event, atMs);
    for (const l of this.listeners) l(stamped);
  }
}
