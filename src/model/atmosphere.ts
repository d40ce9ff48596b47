/** Standard sea-level pressure; also the pump's calibration ambient by default. */
export const SEA_LEVEL_MMHG = 760;

// Above this the standard-atmosphere base goes negative and the formula has no meaning.
const MAX_ALTITUDE_M = 44_000;

/** International standard atmosphere (troposphere): P = 760·(1 − 2.25577e-5·h)^5.25588 mmHg. */
export function ambientMmHgAtAltitude(altitudeM: number): number {
  if (!Number.isFinite(altitudeM) || altitudeM > MAX_ALTITUDE_M) {
    throw new RangeError(`altitudeM must be a finite number up to ${MAX_ALTITUDE_M} m, got ${altitudeM}`);
  }
  return SEA_LEVEL_MMHG * (1 - 2.25577e-5 * altitudeM) ** 5.25588;
}
