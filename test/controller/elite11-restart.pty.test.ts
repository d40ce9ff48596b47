/**
 * The Pump 11 Elite restarted (its emulator process and its socat killed, started again on the
 * same NVM) while the driver had it running. The Elite says nothing at power-up over the port
 * [?], so the driver sees the restart by the pump standing idle (`:`) without a stop, stall or
 * target: one `restart` event, how `stopped-by-itself`. Its infused volume (`ivolume`) is kept
 * across the power cycle: it reads no less than before the kill (not 0).
 */
import { describe, expect, it } from 'vitest';
import { DeviceError, type DeviceEvent } from '../../src/devices/pump-device.ts';
import { openHarvardUltraDevice } from '../../src/devices/harvard/index.ts';
import { simRig } from './support/sim-rig.ts';

const rig = simRig('haipump-elite-restart-');
const ELITE = ['--personality', 'elite11', '--speed', '1'];

/** Re-asks through the unplug: each failure is the driver's own (link lost, no reply in time). */
async function untilAnswered<T>(ask: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ask();
    } catch (error) {
      const linkTrouble = error instanceof DeviceError && (error.code === 'link' || error.code === 'silent');
      if (!linkTrouble || attempt >= 40) throw error;
    }
  }
}

describe('a Pump 11 Elite emulator killed and restarted while running', () => {
  it('shows as a restart (stopped by itself), and keeps its infused volume', async () => {
    const args = [...ELITE, '--nvm', rig.path('elite.nvm')];
    const hostLink = rig.path('host');
    const first = await rig.startPlugged(args, hostLink);
    const device = await openHarvardUltraDevice({ path: hostLink, syringe: 'bd-plastipak-60ml', timeoutMs: 1000 });
    const events: DeviceEvent[] = [];
    device.onEvent((e) => events.push(e));
    try {
      await device.setRate(1440); // 1 mL/min
      await device.start();
      expect((await device.status()).state).toBe('running');
      const beforeMl = await device.readDeliveredMl();
      expect(events.filter((e) => e.type === 'restart')).toEqual([]);

      await rig.kill(first);
      await rig.startPlugged(args, hostLink);

      const status = await untilAnswered(() => device.status());
      expect(status.state).toBe('stopped');
      const restarts = events.filter((e) => e.type === 'restart');
      expect(restarts).toHaveLength(1);
      expect(restarts[0]?.detail).toMatchObject({ how: 'stopped-by-itself', evidence: ['stopped-by-itself'] });
      expect(await device.readDeliveredMl()).toBeGreaterThanOrEqual(beforeMl);

      // A stop the host asked for is no restart.
      await device.start();
      await device.stop();
      expect(events.filter((e) => e.type === 'restart')).toHaveLength(1);
    } finally {
      await device.close();
    }
  }, 60_000);
});
