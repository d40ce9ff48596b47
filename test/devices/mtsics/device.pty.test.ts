import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constantFlow, type Beaker } from '../../../firmware-sim/personalities/mtsics/index.ts';
import { startMtSicsSim, type RunningMtSicsSim } from '../../../firmware-sim/rig/index.ts';
import { BalanceError, openMtSicsBalance, type MtSicsBalance, type WeightReading } from '../../../src/devices/mtsics/index.ts';

/** The simulated balance on one end of a socat pty pair, the driver on the other over the real serialport bindings. */
let sim: RunningMtSicsSim;
let balance: MtSicsBalance;

beforeAll(async () => {
  sim = await startMtSicsSim({
    pty: true,
    rig: { kind: 'source', source: constantFlow(10) },
    beaker: { settleMs: 200, containerG: 100 },
    stabilityTimeoutMs: 400,
  });
  balance = await openMtSicsBalance({ path: sim.port, timeoutMs: 1000, stableTimeoutMs: 3000 });
});

afterAll(async () => {
  await balance?.close();
  await sim?.stop();
});

async function rejection(promise: Promise<unknown>): Promise<BalanceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BalanceError);
  return error as BalanceError;
}

/** Runs `body` with the bench upset (a load, the pan off, vibration), then puts the beaker back as it was. */
async function withBeaker(
  upset: Partial<Pick<Beaker, 'extraG' | 'panRemoved' | 'vibrationSdMg'>>,
  body: () => Promise<void>,
): Promise<void> {
  const { extraG, panRemoved, vibrationSdMg } = sim.beaker;
  Object.assign(sim.beaker, upset);
  try {
    await body();
  } finally {
    Object.assign(sim.beaker, { extraG, panRemoved, vibrationSdMg });
  }
}

describe('MtSicsBalance against the simulated balance over a pty', () => {
  it('identifies the balance (I2, I3, I4)', async () => {
    expect(await balance.identify()).toEqual({ model: 'XS205', capacityG: 220, serial: 'B000000001', softwareVersion: '2.20' });
  });

  it('reads stable and immediate weights in grams', async () => {
    const stable = await balance.readStable();
    expect(stable.stable).toBe(true);
    expect(stable.unit).toBe('g');
    expect(stable.massG).toBeGreaterThan(99.9);
    expect(stable.massG).toBeLessThan(101);
    const now = await balance.readImmediate();
    expect(Math.abs(now.massG - stable.massG)).toBeLessThan(0.1);
  });

  it('tares, presets and clears the tare', async () => {
    const tareG = await balance.tareImmediately();
    expect(tareG.tareG).toBeGreaterThan(99.9);
    expect(Math.abs((await balance.readImmediate()).massG)).toBeLessThan(0.1);
    expect(await balance.readTare()).toBeCloseTo(tareG.tareG, 4);
    expect(await balance.presetTare(50)).toBe(50);
    expect((await balance.readImmediate()).massG).toBeGreaterThan(49.9);
    await balance.clearTare();
    expect(await balance.readTare()).toBe(0);
    expect(await balance.tare()).toBeGreaterThan(99.9);
    await balance.clearTare();
  });

  it('zeroes only within the zero range (Z +, then Z A with the beaker lifted off)', async () => {
    // Z + means "upper limit of zero setting range exceeded" (p. 244), not an overload of the balance.
    expect((await rejection(balance.zero())).code).toBe('zero-range');
    await withBeaker({ extraG: -sim.beaker.options.containerG }, async () => {
      await balance.zero();
      expect(Math.abs((await balance.readStable()).massG)).toBeLessThan(0.1);
      expect((await balance.zeroImmediately()).stable).toBe(true);
    });
    // Back to the calibrated zero for the other tests: a beaker-free pan reads 0 again after this.
    sim.beaker.extraG = -sim.beaker.options.containerG;
    await balance.zeroImmediately();
    sim.beaker.extraG = 0;
  });

  it('streams SIR readings until stopped, then answers commands again', async () => {
    const readings: WeightReading[] = [];
    let enough: () => void = () => undefined;
    const three = new Promise<void>((resolve) => (enough = resolve));
    const stream = await balance.startContinuous((reading) => {
      if (reading instanceof BalanceError) return;
      readings.push(reading);
      if (readings.length >= 3) enough();
    });
    await expect(balance.readImmediate()).rejects.toMatchObject({ code: 'busy' });
    await three;
    await stream.stop();
    expect(readings.every((r) => r.massG > 99 && r.massG < 101)).toBe(true);
    expect((await balance.readImmediate()).massG).toBeGreaterThan(99);
  });

  it('reports overload (S +) and underload (S -) as typed errors', async () => {
    await withBeaker({ extraG: 500 }, async () => {
      const over = await rejection(balance.readStable());
      expect(over.code).toBe('overload');
      expect(over.message).toContain('S +');
      expect((await rejection(balance.readImmediate())).code).toBe('overload');
    });
    await withBeaker({ panRemoved: true }, async () => {
      const under = await rejection(balance.readImmediate());
      expect(under.code).toBe('underload');
      expect(under.message).toContain('pan');
    });
  });

  it('reports S I when the reading does not settle within the balance time limit', async () => {
    await withBeaker({ vibrationSdMg: 5 }, async () => {
      const error = await rejection(balance.readStable());
      expect(error.code).toBe('unstable');
      expect(error.message).toContain('S I');
      expect((await balance.readImmediate()).stable).toBe(false);
    });
  });

  it('a balance that restarts sends I4 A by itself (p. 89): reported as a restart, never taken for a reply', async () => {
    const restarted = new Promise<string>((resolve) => {
      const off = balance.onRestart((serial) => {
        off();
        resolve(serial);
      });
    });
    // Switched off and on again: it starts up as after switching on.
    sim.balance.stop();
    sim.balance.start();
    expect(await restarted).toBe('B000000001');
    expect((await balance.readImmediate()).massG).toBeGreaterThan(99);
    expect((await balance.identify()).serial).toBe('B000000001');
  });

  it('names the port and baud rate when the balance is silent, and recovers after', async () => {
    sim.balance.link.muteUntilMs = Number.MAX_SAFE_INTEGER;
    try {
      const error = await rejection(balance.readImmediate());
      expect(error.code).toBe('silent');
      expect(error.message).toContain(sim.port);
      expect(error.message).toContain('9600 baud');
    } finally {
      sim.balance.link.muteUntilMs = undefined;
    }
    expect((await balance.readImmediate()).massG).toBeGreaterThan(99);
  });
});
