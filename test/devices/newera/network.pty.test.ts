// The driver on a pump network: three NE-1000 emulators share one pty (a daisy chain), the
// driver opens it with the real serialport bindings. A driver for pump 2 moves pump 2 only;
// a burst sets all three rates at once [M p.35].
import { afterEach, describe, expect, it } from 'vitest';
import { openNewEraDevice, type NewEraDevice } from '../../../src/devices/newera/index.ts';
import type { Ne1000Device } from '../../../firmware-sim/personalities/ne1000/index.ts';
import { startNe1000Network, type BenchEmulator } from './fixture.ts';

let net: BenchEmulator<Ne1000Device[]> | undefined;
let pump: NewEraDevice | undefined;
afterEach(async () => {
  await pump?.close();
  await net?.close();
  pump = undefined;
  net = undefined;
});

const firmware = (i: number) => {
  const fw = net?.device[i]?.firmware();
  if (fw === undefined) throw new Error(`pump ${i} is not running`);
  return fw;
};

describe('NewEraDevice on a pump network', () => {
  it('a driver for pump 2 runs pump 2; pumps 0 and 1 deliver nothing', async () => {
    net = await startNe1000Network([0, 1, 2]);
    pump = await openNewEraDevice({ path: net.hostPath, address: 2, syringe: 'bd-plastipak-10ml' });
    await pump.setRate(0.3 * 1440);
    await pump.start();
    // Until pump 2 has counted 2 µL, twice its display's last digit (each status query is a
    // round trip that brings its physics up to date): however long the machine took.
    while (firmware(2).state.infusedNl < 2000) await pump.status();
    await pump.stop();
    expect(await pump.readDeliveredMl()).toBeGreaterThan(0);
    expect(firmware(0).state.infusedNl).toBe(0);
    expect(firmware(1).state.infusedNl).toBe(0);
    expect(firmware(2).state.infusedNl).toBeGreaterThan(0);
    // Nothing the driver sent named pump 0 or 1.
    expect(net.received()).not.toMatch(/(^|\r)[01][A-Z]/);
  });

  it('setRatesAtOnce changes all three running rates with one packet', async () => {
    net = await startNe1000Network([0, 1, 2]);
    pump = await openNewEraDevice({ path: net.hostPath, address: 0 });
    // Pumps 1 and 2 still hold their power-up alarm: a burst of status queries answers it.
    await pump.sendBurst([
      { address: 1, command: { cmd: 'STATUS' } },
      { address: 2, command: { cmd: 'STATUS' } },
    ]);
    await pump.sendBurst([0, 1, 2].map((address) => ({ address, command: { cmd: 'RAT' as const, rate: 1, units: 'MH' as const } })));
    await pump.sendBurst([0, 1, 2].map((address) => ({ address, command: { cmd: 'RUN' as const } })));
    expect([0, 1, 2].map((i) => firmware(i).statusLetter)).toEqual(['I', 'I', 'I']);
    await pump.setRatesAtOnce(
      [
        { address: 0, rateMlPerMin: 100 / 60 },
        { address: 1, rateMlPerMin: 250 / 60 },
        { address: 2, rateMlPerMin: 375 / 60 },
      ],
      'MH',
    );
    // The manual's example rates, in mL/h: 100, 250, 375.
    expect([0, 1, 2].map((i) => Math.round(firmware(i).runningMlPerMin * 60 * 1000) / 1000)).toEqual([100, 250, 375]);
    expect(net.received()).toContain('0RAT100.0MH*1RAT250.0MH*2RAT375.0MH*\r');
    // The burst's overlapping replies were not taken for anything; the driver carries on.
    expect((await pump.status()).rateMlPerDay).toBeCloseTo((100 / 60) * 1440, 6);
    expect(await pump.alarms()).toEqual([]);
  });

  it('refuses a burst it cannot send before touching the line', async () => {
    net = await startNe1000Network([0]);
    pump = await openNewEraDevice({ path: net.hostPath });
    const before = net.received();
    await expect(pump.sendBurst([{ address: 10, command: { cmd: 'RUN' } }])).rejects.toThrow(/0\.\.9/);
    await expect(pump.setRatesAtOnce([{ address: 1, rateMlPerMin: 1e6 }], 'MM')).rejects.toThrow(/not sent/);
    expect(net.received()).toBe(before);
  });
});

describe('NewEraDevice heartbeat and device speed', () => {
  it('refuses safe mode whose heartbeat would be too fast for the device speed', async () => {
    await expect(openNewEraDevice({ path: '/dev/null-never-opened', safeMode: { timeoutS: 2 }, deviceSpeed: 600 })).rejects.toThrow(
      /heartbeats/,
    );
  });
});
