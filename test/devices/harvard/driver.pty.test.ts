// HarvardUltraDevice against the Pump 11 Elite emulator over a socat pty with the real
// serialport bindings, and against a real pump when HAIPUMP_DEVICE=elite11:PATH is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarvardUltraDevice, pickHarvardRateUnits, type HarvardUltraDevice } from '../../../src/devices/harvard/index.ts';
import { DeviceError } from '../../../src/devices/pump-device.ts';
import type { Elite11Device } from '../../../firmware-sim/personalities/elite11/index.ts';
import { realDevice, sleep, startElite11, type BenchEmulator } from '../newera/fixture.ts';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof DeviceError ? e.code : String(e)),
  );
}

describe('HarvardUltraDevice ↔ Pump 11 Elite emulator over a pty', () => {
  let emu: BenchEmulator<Elite11Device>;
  let pump: HarvardUltraDevice;

  beforeAll(async () => {
    emu = await startElite11();
    pump = await openHarvardUltraDevice({ path: emu.hostPath, syringe: 'hamilton-gastight-1ml' });
  });
  afterAll(async () => {
    await pump?.close();
    await emu?.close();
  });

  it('identifies and sets the syringe', async () => {
    expect(await pump.identify()).toEqual({ model: 'Pump 11 Elite', firmware: '3.0.4' });
    expect(emu.device.state().diameterMm).toBe(4.61);
    expect(emu.received()).toContain('irate lim\r');
  });

  it('picks readable units: 1 mL/day → 41.6667 ul/hr', () => {
    expect(pickHarvardRateUnits(1 / 1440)).toEqual({ value: expect.closeTo(41.6667, 3) as number, units: 'ul/hr' });
  });

  it('runs, reads the infused volume, and stops', async () => {
    await pump.setRate(0.5 * 1440);
    await pump.clearDelivered();
    await pump.start();
    expect((await pump.status()).state).toBe('running');
    await sleep(600);
    await pump.stop();
    const ml = await pump.readDeliveredMl();
    expect(ml).toBeGreaterThan(0.002);
    expect(ml).toBeLessThan(0.02);
  });

  it('refuses an out-of-range rate before sending it', async () => {
    const before = emu.received();
    expect(await codeOf(pump.setRate(10 * 1440))).toBe('out-of-range');
    expect(emu.received()).toBe(before);
  });

  it('stops at the target volume with T*', async () => {
    await pump.setRate(0.9 * 1440);
    await pump.clearDelivered();
    await pump.setTargetVolumeMl(0.005);
    await pump.start();
    await sleep(700);
    expect((await pump.status()).raw).toBe('T*');
    expect(await pump.readDeliveredMl()).toBeCloseTo(0.005, 9);
    await pump.setTargetVolumeMl(0);
  });

  it('reports a stall (* prompt) as an alarm', async () => {
    await pump.injectFault('stall');
    await pump.start();
    await sleep(100);
    expect((await pump.status()).state).toBe('alarm');
    expect((await pump.alarms()).map((a) => a.code)).toEqual(['stall']);
    await pump.stop();
    await pump.acknowledge();
    expect(await pump.alarms()).toEqual([]);
  });
});

describe('HarvardUltraDevice failures', () => {
  it('a silent pump (wrong address) is reported with the port and baud', async () => {
    const emu = await startElite11({ address: 4 });
    try {
      const error = await openHarvardUltraDevice({ path: emu.hostPath, timeoutMs: 300 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DeviceError);
      expect((error as DeviceError).message).toBe(`no reply from elite11 at ${emu.hostPath} @115200 within 300 ms: check cable (null-modem?), baud and address`);
    } finally {
      await emu.close();
    }
  });

  it('a wrong baud rate is reported, naming the baud', async () => {
    const emu = await startElite11({ lineBaud: 9600 });
    try {
      const error = await openHarvardUltraDevice({ path: emu.hostPath, baudRate: 9600, timeoutMs: 300 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as DeviceError).message).toMatch(/@9600.*baud/);
    } finally {
      await emu.close();
    }
  });
});

const hil = realDevice('elite11');
describe.skipIf(hil === undefined)('HarvardUltraDevice on a real pump (HAIPUMP_DEVICE)', () => {
  it('identifies, runs a small rate, and reads back a delivered volume', async () => {
    const pump = await openHarvardUltraDevice({ path: hil?.path ?? '', baudRate: hil?.baudRate ?? 115200, timeoutMs: 1000 });
    try {
      await pump.identify();
      const { minMlPerMin, maxMlPerMin } = pump.rateRangeMlPerMin();
      await pump.setRate(Math.min(Math.max(0.3, minMlPerMin * 2), maxMlPerMin / 2) * 1440);
      const before = await pump.readDeliveredMl();
      await pump.start();
      await sleep(2000);
      await pump.stop();
      expect(await pump.readDeliveredMl()).toBeGreaterThan(before);
      expect(await codeOf(pump.setRate(maxMlPerMin * 2 * 1440))).toBe('out-of-range');
    } finally {
      await pump.close();
    }
  });
});
