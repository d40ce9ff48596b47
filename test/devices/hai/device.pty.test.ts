/**
 * HaiDevice over a real socat pty, with the real serialport bindings, against `haipump sim
 * --pty --speed max` running as a child process: identify, fill, advance, unsolicited alarms,
 * drain matching the model's closed form computed here, and CRC on every line both ways.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PUMP_PROFILE, MS_PER_DAY, fullFlowRateMlPerDay, remainingAfterMs } from '../../../src/model/index.ts';
import { openHaiDevice, type DeviceEvent, type HaiDevice } from '../../../src/devices/hai/index.ts';
import type { TrafficLogEntry } from '../../../src/transport/index.ts';
import { splitCrc } from '../../../protocols/hai/index.ts';
import { startSimChild, type SimChild } from '../../controller/support/sim-child.ts';

const profile = DEFAULT_PUMP_PROFILE;

let sim: SimChild;
let device: HaiDevice;
const traffic: TrafficLogEntry[] = [];
const events: DeviceEvent[] = [];

beforeAll(async () => {
  sim = await startSimChild();
  const sink = new PassThrough();
  let partial = '';
  sink.setEncoding('utf8').on('data', (chunk: string) => {
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) traffic.push(JSON.parse(line) as TrafficLogEntry);
  });
  device = await openHaiDevice({ path: sim.port, trafficLog: sink, timeoutMs: 5000 });
  device.onEvent((event) => events.push(event));
});

afterAll(async () => {
  await device?.close();
  await sim?.stop();
});

describe('HaiDevice against `haipump sim --pty` (child process, real serialport)', () => {
  it('identifies the emulator and probes its capabilities', async () => {
    expect(await device.identify()).toEqual({ model: 'HAI-30', firmware: '1.0.0', serial: 'SN000001' });
    expect(device.capabilities).toEqual({ fixedRate: true, reservoir: true, simulatedTime: true, environment: true, faults: true });
  });

  it('fills, advances 28 days (low-reservoir alarm arrives as an event) and drains the closed-form volume', async () => {
    const fudrRateMlPerDay = fullFlowRateMlPerDay(profile, { ...profile.calibration, infusate: 'fudr' });
    await device.fill('fudr', 30);
    // The needle procedure runs for the profile's fillDurationMin; the pump infuses meanwhile.
    expect((await device.status()).raw).toBe('FILLING');
    await device.advanceTimeMs(28 * MS_PER_DAY);
    const filled = events.find((e) => e.type === 'procedure-done');
    expect(filled?.detail).toEqual({ procedure: 'FILL', deviceAtMs: profile.fillDurationMin * 60_000, volMl: 30 });

    const remainingMl = remainingAfterMs(profile, { startVolumeMl: 30, rateMlPerDay: fudrRateMlPerDay }, 28 * MS_PER_DAY);
    expect(remainingMl).toBeLessThan(profile.lowReservoirMl);
    expect(await device.readReservoirMl()).toBeCloseTo(remainingMl, 4);
    expect(await device.readDeliveredMl()).toBeCloseTo(30 - remainingMl, 4);
    const low = events.find((e) => e.type === 'alarm' && e.detail.code === '201');
    expect(low?.detail).toMatchObject({ code: '201', severity: 'MEDIUM', text: 'Low reservoir' });
    expect(await device.alarms()).toEqual([{ code: '201', severity: 'warning', acknowledged: false, text: 'Low reservoir' }]);

    const returnedMl = await device.drain();
    expect(returnedMl).toBeCloseTo(remainingMl - profile.residualAfterDrainMl, 4);
    expect(await device.status()).toMatchObject({ raw: 'DRAINING', state: 'empty' });
    await device.advanceTimeMs(profile.drainDurationMin * 60_000);
    expect((await device.status()).raw).toBe('DRAINED');
    expect(events.flatMap((e) => (e.type === 'procedure-done' ? [e.detail.procedure] : []))).toEqual(['FILL', 'DRAIN']);
  });

  it('sent every request with a CRC suffix and got every reply and event with a correct one', () => {
    const lines = (dir: 'tx' | 'rx'): string[] =>
      traffic
        .filter((e) => e.dir === dir)
        .map((e) => e.text)
        .join('')
        .split('\n')
        .filter((l) => l.trim() !== '');
    const tx = lines('tx');
    const rx = lines('rx');
    expect(tx.length).toBeGreaterThan(8);
    for (const line of [...tx, ...rx]) expect(splitCrc(line).crc?.ok, line).toBe(true);
    expect(rx.some((l) => l.startsWith('!ALARM 201,'))).toBe(true);
  });

  it('maps a device refusal to a typed error and keeps working', async () => {
    await expect(device.fill('fudr', 40)).rejects.toMatchObject({ name: 'HaiCommandError', deviceCode: 101 });
    await expect(device.bolus(1)).rejects.toMatchObject({ deviceCode: expect.any(Number) as number });
    expect((await device.identify()).model).toBe('HAI-30');
  });
});
