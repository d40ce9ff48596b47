/**
 * Unplug mid-infusion (safety requirement 10): the HAI firmware on pty end b (reopening its
 * port like a device behind a USB adapter), the controller on end a with the real serialport
 * bindings. The cable is pulled while the host waits for the reply to a `SIM:TIME:ADV` that
 * the device has executed — the worst case: a naive resend would deliver that stretch twice.
 * The controller must raise LINK_LOST, reconnect, re-synchronise, and its accounting must
 * equal the device's own counter: no gap, no double count. Nothing here depends on wall-clock
 * timing; the only waits are for events.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RealClock } from '../../src/model/clock.ts';
import { DEFAULT_PUMP_PROFILE, MS_PER_DAY, fullFlowRateMlPerDay, remainingAfterMs } from '../../src/model/index.ts';
import { loadScenarioFile, scenarioStartAtMs } from '../../src/lifecycle/index.ts';
import { openHaiDevice, type HaiDevice } from '../../src/devices/hai/index.ts';
import { playScenario } from '../../src/controller/index.ts';
import { MemoryNvm } from '../../firmware-sim/hal/nvm-memory.ts';
import { createHaiDevice } from '../../firmware-sim/personalities/hai/index.ts';
import { createPtyPair } from '../support/pty.ts';
import { ReopeningUart } from './support/reopening-uart.ts';

const SCENARIO = fileURLToPath(new URL('../../scenarios/refill-cycle.yaml', import.meta.url));
const profile = DEFAULT_PUMP_PROFILE;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe('unplug mid-infusion (socat pty torn down and recreated)', () => {
  // Several pull points along the run: early in the drug phase, mid-phase, around the drain.
  it.each([2, 5, 9, 13])(
    'unplugged at time advance %i: raises LINK_LOST, reconnects, and the accounting equals the device counter',
    async (unplugAt) => {
      const ptys = await createPtyPair();
      cleanups.push(() => ptys.close());

      // The device: real firmware on end b, world time frozen (the controller advances it).
      const uart = new ReopeningUart(ptys.b);
      await uart.open();
      cleanups.push(() => uart.close());
      const clock = new RealClock();
      const firmware = createHaiDevice({ profile, uart, clock, nvm: new MemoryNvm(), speed: 0, sleepWhenIdle: true });
      firmware.start();
      cleanups.push(async () => {
        firmware.stop();
        clock.clearAll();
      });

      // Pull the cable right after the device executed its n-th time advance, before its OK leaves.
      let advances = 0;
      let swallowReply = false;
      let unplugged: Promise<void> | undefined;
      const seen: string[] = [];
      uart.onReceive = (bytes) => {
        const text = Buffer.from(bytes).toString('latin1');
        seen.push(text);
        if (/SIM:TIME:ADV/.test(text) && ++advances === unplugAt) swallowReply = true;
      };
      uart.interceptWrite = (bytes) => {
        if (!swallowReply || bytes[0] === 0x21 /* '!' */) return false;
        swallowReply = false;
        unplugged = ptys.restart({ downMs: 100 });
        return true;
      };

      const device: HaiDevice = await openHaiDevice({ path: ptys.a, timeoutMs: 2000, backoff: { initialMs: 20, maxMs: 200 } });
      cleanups.push(() => device.close());
      const scenario = loadScenarioFile(SCENARIO);
      const result = await playScenario({ device, profile, scenario, linkGiveUpMs: 30_000 });
      await unplugged;

      // The unplug happened, was alarmed and acknowledged after re-synchronisation.
      expect(unplugged).toBeDefined();
      expect(uart.opens).toBeGreaterThanOrEqual(2);
      expect(result.linkEpisodes).toHaveLength(1);
      expect(result.linkEpisodes[0]?.restoredAtMs).not.toBeNull();
      const events = result.simulation.events;
      expect(events.some((e) => e.type === 'alarm' && e.detail?.code === 'LINK_LOST')).toBe(true);
      expect(events.some((e) => e.type === 'ack' && e.detail?.code === 'LINK_LOST')).toBe(true);
      expect(result.deviceEvents.map((e) => e.type)).toEqual(expect.arrayContaining(['link-lost', 'link-restored']));

      // No double count in time: the swallowed advance was not sent again; the host asked instead.
      const afterDrop = seen.join('').split('SIM:TIME:ADV').slice(unplugAt).join('SIM:TIME:ADV');
      expect(afterDrop.indexOf('SYST:TIME?')).toBeGreaterThanOrEqual(0);
      // An unplug is not a restart: the device kept its RAM, its clock and its world.
      expect(result.restarts).toEqual([]);
      const startAtMs = scenarioStartAtMs(scenario);
      expect(firmware.world.nowMs()).toBe(result.simulation.endAtMs - startAtMs);

      // No gap, no double count in volume: the controller's figure is the device's own counter ...
      const counterMl = firmware.state().totals.deliveredNl / 1e6;
      expect(result.reconciliation.deviceDeliveredMl).toBeCloseTo(counterMl, 4);
      // ... its ledger covers the run without holes or overlaps and sums to it ...
      for (let i = 1; i < result.ledger.length; i++) expect(result.ledger[i]?.fromMs).toBe(result.ledger[i - 1]?.toMs);
      expect(result.ledger[0]?.fromMs).toBe(startAtMs);
      expect(result.ledger.at(-1)?.toMs).toBe(result.simulation.endAtMs);
      expect(result.reconciliation.ledgerMl).toBeCloseTo(result.reconciliation.deviceDeliveredMl, 9);
      // ... and both agree with physics: a doubled day would be ~1 mL off.
      const rate = (infusate: 'fudr' | 'heparinized-saline'): number => fullFlowRateMlPerDay(profile, { ...profile.calibration, infusate });
      const expectedMl =
        30 -
        remainingAfterMs(profile, { startVolumeMl: 30, rateMlPerDay: rate('fudr') }, 13.95 * MS_PER_DAY) +
        30 -
        remainingAfterMs(profile, { startVolumeMl: 30, rateMlPerDay: rate('heparinized-saline') }, 1.04 * MS_PER_DAY);
      expect(counterMl).toBeCloseTo(expectedMl, 3);
      expect(Math.abs(result.reconciliation.differenceMl)).toBeLessThan(0.01);
      expect(result.deviations).toBe(0);
    },
  );
});
