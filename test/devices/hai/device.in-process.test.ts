/** HaiDevice on an in-process cable to the real firmware: the same bytes, no serial port. */
import { afterEach, describe, expect, it } from 'vitest';
import { MS_PER_DAY } from '../../../src/model/index.ts';
import { DeviceError } from '../../../src/devices/pump-device.ts';
import { startInProcessRig, type InProcessRig } from '../../controller/support/in-process.ts';

const rigs: InProcessRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close();
});
async function rig(options?: Parameters<typeof startInProcessRig>[0]): Promise<InProcessRig> {
  const r = await startInProcessRig(options);
  rigs.push(r);
  return r;
}

describe('HaiDevice in-process', () => {
  it('reports delivered volume from the reservoir only: a side-port bolus is not in PUMP:DEL?', async () => {
    const { device, firmware } = await rig();
    await device.fill('saline', 20);
    await device.advanceTimeMs(2 * MS_PER_DAY);
    const before = await device.readDeliveredMl();
    await device.bolus(2);
    const totals = firmware.state().totals;
    expect(totals.bolusNl).toBe(2_000_000);
    expect(await device.readDeliveredMl()).toBeCloseTo(before, 4);
    expect(await device.readDeliveredMl()).toBeCloseTo(totals.deliveredNl / 1e6, 4);
  });

  it('advances device (and world) time exactly by what was asked, in chunks of at most 366 days', async () => {
    const { device, firmware } = await rig();
    await device.advanceTimeMs(400 * MS_PER_DAY);
    await device.advanceTimeMs(0);
    await device.advanceTimeMs(1234);
    expect(firmware.world.nowMs()).toBe(400 * MS_PER_DAY + 1234);
    expect(firmware.nowMs()).toBe(400 * MS_PER_DAY + 1234);
    expect(device.deviceTimeMs).toBe(400 * MS_PER_DAY + 1234);
    expect(firmware.world.speed).toBe(0);
  });

  it('treats a device without SIM: as real hardware: no simulated time, environment or faults', async () => {
    const { device } = await rig({ simulation: false });
    expect(device.capabilities).toMatchObject({ simulatedTime: false, environment: false, faults: false });
    await expect(device.advanceTimeMs(1000)).rejects.toBeInstanceOf(DeviceError);
    await expect(device.setRate()).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('routes !BOOT after a brown-out to onEvent and keeps the cumulative counter', async () => {
    const { device } = await rig();
    const events: string[] = [];
    device.onEvent((e) =>
      events.push(
        `${e.type}:${e.type === 'boot' ? e.detail.reset : e.type === 'alarm' ? e.detail.code : e.type === 'restart' ? e.detail.how : ''}`,
      ),
    );
    await device.fill('saline', 10);
    await device.advanceTimeMs(MS_PER_DAY);
    const delivered = await device.readDeliveredMl();
    await device.injectFault('brownout');
    expect(await device.readDeliveredMl()).toBeCloseTo(delivered, 4);
    expect(events).toContain('boot:BROWNOUT');
    expect(events).toContain('alarm:207');
    // The !BOOT is looked into before the next request: one restart, seen by its boot line.
    expect(events.filter((e) => e.startsWith('restart:'))).toEqual(['restart:boot-line']);
  });
});
