/**
 * The worst restart, made exactly, in this process: the firmware executes a `SIM:TIME:ADV`,
 * its OK goes out, and the power fails while that step's NVM commit is being written (torn). A
 * new firmware (a new process: new world at time 0, default environment) boots on the same NVM
 * from the record before the advance, and says `!BOOT` on the cable, which stayed plugged in.
 * The driver must see the restart without any link loss, give the new world back its fever,
 * and deliver the lost advance once: the run must end with exactly the counter and the device
 * time of the same scenario played on an untouched emulator (the control run).
 */
import { describe, expect, it } from 'vitest';
import { RealClock } from '../../../src/model/clock.ts';
import { DEFAULT_PUMP_PROFILE, MS_PER_DAY } from '../../../src/model/index.ts';
import { parseScenario, scenarioStartAtMs, type Scenario } from '../../../src/lifecycle/index.ts';
import { connectInProcessHai } from '../../../src/devices/hai/index.ts';
import { playScenario, type ControllerResult } from '../../../src/controller/index.ts';
import { MemoryNvm } from '../../../firmware-sim/hal/nvm-memory.ts';
import { createUartPair } from '../../../firmware-sim/hal/uart-pair.ts';
import type { Uart } from '../../../firmware-sim/hal/types.ts';
import { createHaiDevice, type HaiFirmwareDevice as Firmware } from '../../../firmware-sim/personalities/hai/index.ts';

const profile = DEFAULT_PUMP_PROFILE;
const scenario: Scenario = parseScenario({
  startAt: '2026-01-05T09:00:00Z',
  days: 10,
  steps: [
    { day: 0, type: 'FILL', infusate: 'fudr', volumeMl: 30 },
    { day: 3, type: 'ENV', tempC: 39.5 },
    { day: 8, type: 'ENV', tempC: 37 },
  ],
});
/** The cut comes with the first advance the device runs past this device time (in the fever). */
const CUT_AFTER_DEVICE_MS = 5 * MS_PER_DAY;

/** The device end of the cable, seen by a test that can cut the power right after a reply. */
class CuttableUart implements Uart {
  private handler: ((bytes: Uint8Array) => void) | undefined;
  onReceive: ((bytes: Uint8Array) => void) | undefined;
  afterWrite: ((bytes: Uint8Array) => void) | undefined;
  constructor(private readonly inner: Uart) {
    inner.onBytes((bytes) => {
      this.onReceive?.(bytes);
      this.handler?.(bytes);
    });
  }
  write(bytes: Uint8Array): void {
    this.inner.write(bytes);
    this.afterWrite?.(bytes);
  }
  onBytes(handler: (bytes: Uint8Array) => void): void {
    // A new firmware on the same cable takes the RX line over.
    this.handler = handler;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

async function play(cut: boolean): Promise<{ result: ControllerResult; firmware: () => Firmware; cuts: number }> {
  const pair = createUartPair({ deliverSync: false });
  const uart = new CuttableUart(pair.device);
  const nvm = new MemoryNvm();
  const clocks: RealClock[] = [];
  const boot = (): Firmware => {
    const clock = new RealClock();
    clocks.push(clock);
    const fw = createHaiDevice({ profile, uart, clock, nvm, speed: 0, sleepWhenIdle: true });
    fw.start();
    return fw;
  };
  let firmware = boot();
  let cuts = 0;
  let armed = false;
  if (cut) {
    uart.onReceive = (bytes) => {
      if (cuts > 0 || !Buffer.from(bytes).toString('latin1').includes('SIM:TIME:ADV') || firmware.nowMs() < CUT_AFTER_DEVICE_MS) return;
      // This advance will run and be answered; the commit after it is torn.
      nvm.tearNextWrite(16);
      armed = true;
    };
    uart.afterWrite = (bytes) => {
      if (!armed || bytes[0] === 0x21 /* '!' */) return;
      armed = false;
      cuts++;
      // After the step that sent the OK (and tore its commit): the power goes, a new process boots.
      queueMicrotask(() => {
        firmware.powerCut();
        firmware = boot();
      });
    };
  }
  const device = await connectInProcessHai({ pipe: pair.host, timeoutMs: 2000 });
  try {
    const result = await playScenario({ device, profile, scenario });
    return { result, firmware: () => firmware, cuts };
  } finally {
    await device.close();
    firmware.stop();
    for (const clock of clocks) clock.clearAll();
  }
}

describe('a power cut that tears the NVM commit after an advance, with the cable plugged in', () => {
  it('is seen by its !BOOT, the fever is given back, the lost advance is made up once', async () => {
    const control = await play(false);
    const cutRun = await play(true);
    expect(control.cuts).toBe(0);
    expect(cutRun.cuts).toBe(1);

    expect(control.result.restarts).toEqual([]);
    expect(cutRun.result.restarts).toHaveLength(1);
    const restart = cutRun.result.restarts[0];
    expect(restart?.evidence).toEqual(expect.arrayContaining(['boot-line', 'boot-record', 'world-time-back', 'device-time-back']));
    // The advance it ran before the power went was lost with the torn commit.
    expect(restart?.lostDeviceMs).toBeGreaterThan(0);
    expect(cutRun.result.linkEpisodes).toEqual([]);

    // Exactly the control run: the same device time, the same counter to the nanolitre.
    const startAtMs = scenarioStartAtMs(scenario);
    const endDeviceMs = cutRun.result.simulation.endAtMs - startAtMs;
    expect(control.firmware().nowMs()).toBe(endDeviceMs);
    expect(cutRun.firmware().nowMs()).toBe(endDeviceMs);
    expect(cutRun.firmware().state().totals.deliveredNl).toBe(control.firmware().state().totals.deliveredNl);
    expect(cutRun.firmware().plant.environment.bodyTempC).toBe(37);
    expect(cutRun.result.reconciliation.deviceDeliveredMl).toBeCloseTo(control.result.reconciliation.deviceDeliveredMl, 9);
    expect(Math.abs(cutRun.result.reconciliation.differenceMl)).toBeLessThan(0.001);
    expect(cutRun.result.deviations).toBe(0);
  });
});
