/**
 * Argument ranges the codec enforces (PROTOCOL.md section 7). These are state-free bounds: a
 * value outside them is -222 on any pump. State-dependent limits (capacity of this reservoir)
 * are the device's job and give positive codes.
 */
export const LIMITS = {
  /** Above every reservoir model (16/30/50 mL), so over-capacity is 101, not -222. */
  fillVolumeMl: { exclusiveMin: 0, max: 100 },
  /** A side-port bolus is bounded (safety requirement 7). */
  bolusVolumeMl: { exclusiveMin: 0, max: 10 },
  alarmCode: { min: 1, max: 999 },
  logIndex: { min: 0, max: 2_147_483_647 },
  telemetryPeriodS: { min: 0, max: 86_400 },
  /** 366 days: one call can run a whole year of pump life. */
  simAdvanceS: { min: 0, max: 366 * 86_400 },
  simSpeedFactor: { min: 0, max: 1_000_000 },
  temperatureC: { min: 30, max: 45 },
  altitudeM: { min: -500, max: 5000 },
  ambientMmHg: { min: 400, max: 800 },
  arterialMmHg: { min: 0, max: 200 },
  occlusionFraction: { min: 0, max: 1 },
  leakMlPerDay: { min: 0, max: 10 },
  noiseProbability: { min: 0, max: 1 },
  muteS: { min: 0.001, max: 3600 },
  slowMs: { min: 0, max: 10_000 },
} as const;

/** The UART speed a device starts at, 8N1 (PROTOCOL.md section 1); a pseudo-terminal ignores it. */
export const HAI_FACTORY_BAUD = 115_200;

/** Framing: a line including its terminator is at most this many bytes. */
export const MAX_LINE_BYTES = 256;
/** SYSTem:ERRor? queue depth. */
export const ERROR_QUEUE_DEPTH = 16;
