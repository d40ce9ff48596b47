/** A sample's device time and when its message reached the dashboard (wall clock). */
export interface Arrival {
  atS: number;
  receivedAtMs: number;
}

/**
 * Real seconds until the device reaches `plannedEndS`: the device time left divided by the speed
 * observed between two arrivals (device seconds per wall second). Observed, not the set-up's
 * --speed: an emulator under load, or a slow balance, runs slower than asked.
 */
export function etaS(first: Arrival, latest: Arrival, plannedEndS: number): number | null {
  const deviceMs = (latest.atS - first.atS) * 1000;
  if (!(deviceMs > 0)) return null;
  const wallMsPerDeviceMs = Math.max(0, latest.receivedAtMs - first.receivedAtMs) / deviceMs;
  return Math.max(0, plannedEndS - latest.atS) * wallMsPerDeviceMs;
}
