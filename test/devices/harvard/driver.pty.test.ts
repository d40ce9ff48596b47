// HarvardUltraDevice against the Pump 11 Elite emulator over a socat pty with the real
// serialport bindings (device time driven by the test, never waited for), and against a real
// pump when HAIPUMP_DEVICE=elite11:PATH is set. What the driver sends is checked against
// request bytes written by hand from the manual's grammar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARVARD_FACTORY_BAUD } from '../../../protocols/harvard/index.ts';
import { openHarvardUltraDevice, pickHarvardRateUnits, type HarvardUltraDevice } from '../../../src/devices/harvard/index.ts';
import { DeviceError } from '../../../src/devices/pump-device.ts';
import { realElite, startEliteOnPty, type EliteOnPty } from './fixture.ts';
import { runsASmallRate } from '../real-pump.ts';

async function errorOf(p: Promise<unknown>): Promise<DeviceError | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => {
      if (e instanceof DeviceError) return e;
      throw e;
    },
  );
}

describe('HarvardUltraDevice ↔ Pump 11 Elite emulator over a pty (address 0)', () => {
  let emu: EliteOnPty;
  let pump: HarvardUltraDevice;

  beforeAll(async () => {
    emu = await startEliteOnPty();
    pump = await openHarvardUltraDevice({ path: emu.hostPath, syringe: 'hamilton-gastight-1ml' });
  });
  afterAll(async () => {
    await pump?.close();
    await emu?.close();
  });

  it('opens with no address prefix: diameter, svolume, irate lim', async () => {
    expect(emu.received()).toBe('diameter\rdiameter 4.61\rsvolume 1 ml\rirate lim\r');
    expect(emu.device.state().diameterMm).toBe(4.61);
    expect(await pump.identify()).toEqual({ model: 'Pump 11 Elite', firmware: '3.0.4' });
  });

  it('picks readable units: 1 mL/day → 41.6667 ul/hr', () => {
    expect(pickHarvardRateUnits(1 / 1440)).toEqual({ value: expect.closeTo(41.6667, 3) as number, units: 'ul/hr' });
  });

  it('runs, reads the infused volume in device time, and stops', async () => {
    await pump.setRate(0.5 * 1440);
    await pump.clearDelivered();
    await pump.start();
    expect(await pump.status()).toEqual({ state: 'running', raw: '>', rateMlPerDay: expect.closeTo(720, 6) as number, reservoirMl: null });
    emu.advanceMs(6_000);
    await pump.stop();
    // 0.5 mL/min for 0.1 min.
    expect(await pump.readDeliveredMl()).toBeCloseTo(0.05, 9);
    expect(emu.received()).toContain('irate 30 ml/hr\rcivolume\rirun\rstatus\rstp\rivolume\r');
  });

  it('refuses an out-of-range rate before sending it', async () => {
    const before = emu.received();
    expect((await errorOf(pump.setRate(10 * 1440)))?.code).toBe('out-of-range');
    expect(emu.received()).toBe(before);
  });

  it('stops at the target volume with T*', async () => {
    await pump.setRate(0.9 * 1440);
    await pump.clearDelivered();
    await pump.setTargetVolumeMl(0.005);
    await pump.start();
    emu.advanceMs(60_000);
    expect((await pump.status()).raw).toBe('T*');
    expect(await pump.readDeliveredMl()).toBeCloseTo(0.005, 9);
    await pump.setTargetVolumeMl(0);
    expect(emu.received()).toContain('tvolume 5 ul\r');
  });

  it('reports a stall (* prompt) as an alarm', async () => {
    await pump.injectFault('stall');
    await pump.start();
    emu.advanceMs(100);
    expect((await pump.status()).state).toBe('alarm');
    expect((await pump.alarms()).map((a) => a.code)).toEqual(['stall']);
    await pump.stop();
    await pump.acknowledge();
    expect(await pump.alarms()).toEqual([]);
  });
});

describe('HarvardUltraDevice at a chain address', () => {
  it('prefixes the address with no separator and takes the `06:` replies', async () => {
    const emu = await startEliteOnPty({ address: 6, chainHead: false });
    try {
      const pump = await openHarvardUltraDevice({ path: emu.hostPath, address: 6, syringe: 'bd-plastipak-10ml' });
      try {
        expect(await pump.identify()).toEqual({ model: 'Pump 11 Elite', firmware: '3.0.4' });
        await pump.setRate(1440);
        expect(emu.received()).toBe('6diameter\r6diameter 14.43\r6svolume 10 ml\r6irate lim\r6ver\r6irate 1 ml/min\r');
      } finally {
        await pump.close();
      }
    } finally {
      await emu.close();
    }
  });

  it('a lone pump at another address answers, and the driver says which address it has', async () => {
    const emu = await startEliteOnPty({ address: 4 });
    try {
      const error = await errorOf(openHarvardUltraDevice({ path: emu.hostPath, timeoutMs: 300 }));
      expect(error?.code).toBe('protocol');
      expect(error?.message).toBe(
        `elite11 at ${emu.hostPath} @115200: the pump at address 4 answered "diameter", not pump 0: use address 4`,
      );
    } finally {
      await emu.close();
    }
  });

  it('a pump that is not the chain head stays silent for another address', async () => {
    const emu = await startEliteOnPty({ address: 4, chainHead: false });
    try {
      const error = await errorOf(openHarvardUltraDevice({ path: emu.hostPath, address: 3, timeoutMs: 300 }));
      // The message names the address that stayed silent: on a chain it is the likeliest culprit.
      expect(error?.message).toBe(
        `no reply from elite11 #3 at ${emu.hostPath} @115200 within 300 ms: check cable (null-modem?), baud and address`,
      );
      expect(emu.received()).toBe('3diameter\r');
    } finally {
      await emu.close();
    }
  });

  it('a wrong baud rate is reported, naming the baud', async () => {
    const emu = await startEliteOnPty({ lineBaud: 9600 });
    try {
      const error = await errorOf(openHarvardUltraDevice({ path: emu.hostPath, baudRate: 9600, timeoutMs: 300 }));
      expect(error?.message).toMatch(/@9600.*baud/);
    } finally {
      await emu.close();
    }
  });
});

const hil = realElite();
describe.skipIf(hil === undefined)('HarvardUltraDevice on a real pump (HAIPUMP_DEVICE)', () => {
  it('identifies, runs a small rate, and reads back a delivered volume', async () => {
    const pump = await openHarvardUltraDevice({ path: hil?.path ?? '', baudRate: hil?.baudRate ?? HARVARD_FACTORY_BAUD, timeoutMs: 1000 });
    try {
      await pump.identify();
      await runsASmallRate(pump);
    } finally {
      await pump.close();
    }
  });
});
