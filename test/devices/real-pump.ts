/**
 * The check both syringe-pump drivers run on a real pump (HAIPUMP_DEVICE set), once identified:
 * a small rate well inside the pump's range runs for 2 s and the counter goes up, and a rate
 * twice the top of the range is refused before it is sent.
 */
import { expect } from 'vitest';
import { DeviceError, type PumpDevice } from '../../src/devices/pump-device.ts';
import type { RateRangeMlPerMin } from '../../src/devices/syringe-rate-range.ts';

export async function runsASmallRate(pump: PumpDevice & { rateRangeMlPerMin(): RateRangeMlPerMin }): Promise<void> {
  const { minMlPerMin, maxMlPerMin } = pump.rateRangeMlPerMin();
  await pump.setRate(Math.min(Math.max(0.3, minMlPerMin * 2), maxMlPerMin / 2) * 1440);
  const before = await pump.readDeliveredMl();
  await pump.start();
  // A real pump's time is real time: this wait is the measurement itself (delivered > 0 after
  // 2 s at a rate well inside the range; a slow host only makes the volume larger).
  await new Promise((r) => setTimeout(r, 2000));
  await pump.stop();
  expect(await pump.readDeliveredMl()).toBeGreaterThan(before);
  const refusal = await pump.setRate(maxMlPerMin * 2 * 1440).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(refusal).toBeInstanceOf(DeviceError);
  expect(refusal).toMatchObject({ code: 'out-of-range' });
}
