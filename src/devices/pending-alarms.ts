import type { DeviceAlarm } from './pump-device.ts';

/**
 * The alarms a syringe pump's driver has seen and the host has not yet acknowledged. The pumps
 * keep no alarm list the host could read back, so the driver keeps it; one code is listed once.
 */
export class PendingAlarms {
  private readonly alarms: DeviceAlarm[] = [];

  /** Adds the alarm unless its code is listed already; true when it was new. */
  add(alarm: Omit<DeviceAlarm, 'acknowledged'>): boolean {
    if (this.alarms.some((a) => a.code === alarm.code)) return false;
    this.alarms.push({ ...alarm, acknowledged: false });
    return true;
  }

  /** Copies, so a caller cannot change what the driver keeps. */
  list(): DeviceAlarm[] {
    return this.alarms.map((a) => ({ ...a }));
  }

  /** Forgets the alarm with this code, or every alarm. */
  forget(code?: string): void {
    for (let i = this.alarms.length - 1; i >= 0; i--) {
      if (code === undefined || this.alarms[i]?.code === code) this.alarms.splice(i, 1);
    }
  }
}
