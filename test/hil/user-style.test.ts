/**
 * A user's HIL test, exactly as docs/hil.md shows it: it imports the package export
 * `haipump/hil`, runs against emulated pumps on ptys in CI, and against a real pump on a
 * self-hosted runner with HAIPUMP_DEVICE=ne1000:/dev/ttyUSB0 (or hai:...): the block for the
 * other personality is skipped, and so are tests that need the emulator's SIM back door.
 */
import { describe, expect, it } from 'vitest';
import { useHil } from 'haipump/hil';

const hil = useHil({ personality: 'hai' });
const needsEmulator = !hil.emulated;
// A bench syringe pump too: its emulator keeps real time, here 60x faster.
const bench = useHil({ personality: 'ne1000', defaults: { speed: 60 } });

describe.skipIf(hil.target.personality !== 'hai')(`HAI pump (${hil.emulated ? 'emulator' : 'real device'})`, () => {
  it('answers *IDN? with its model and firmware', async () => {
    const pump = await hil.device();
    expect(await pump.request('*IDN?')).toMatch(/^HAIPUMP,HAI-\d+,/);
  });

  it.skipIf(needsEmulator)('infuses about 1 mL/day after a drug fill', async () => {
    const pump = await hil.device();
    await pump.command('PUMP:FILL FUDR,30');
    await pump.wait(24 * 3600 * 1000); // one day of device time: instant on the emulator
    await pump.assertDelivered(0.97, { toleranceMl: 0.05 });
    expect(await pump.readState()).toBe('INFUSING');
  });

  it.skipIf(needsEmulator)('raises the low-reservoir alarm before running dry', async () => {
    const pump = await hil.device();
    await pump.command('PUMP:FILL FUDR,30');
    const alarm = await pump.waitForEvent('alarm', { code: 201, timeoutDeviceMs: 30 * 86_400_000, stepDeviceMs: 86_400_000 });
    expect(alarm.detail.severity).toBe('MEDIUM');
    expect(await pump.readReservoirMl()).toBeLessThan(3.5);
  });

  it.skipIf(needsEmulator)('refuses a bolus during an occlusion', async () => {
    const pump = await hil.device();
    await pump.command('PUMP:FILL FUDR,30');
    await pump.injectFault('occlusion', 1);
    await pump.expectLine(/^!ALARM 203,HIGH,/, { timeoutDeviceMs: 0 });
    expect(await pump.request('PUMP:BOL 1')).toMatch(/^ERR 104,/);
  });

  it.skipIf(needsEmulator)('runs two pumps side by side, each on its own pty', async () => {
    const [a, b] = await Promise.all([hil.emulator({ name: 'left' }), hil.emulator({ name: 'right' })]);
    expect(a.port).not.toBe(b.port);
    await a.command('PUMP:FILL FUDR,30');
    await b.command('PUMP:FILL GLYC,25');
    await Promise.all([a.wait(86_400_000), b.wait(86_400_000)]);
    // Glycerin is more viscous: the same pump delivers less.
    expect(await b.readDeliveredMl()).toBeLessThan(await a.readDeliveredMl());
  });
});

describe.skipIf(bench.target.personality !== 'ne1000')(`NE-1000 syringe pump (${bench.emulated ? 'emulator' : 'real device'})`, () => {
  it('infuses at the rate it was given', async () => {
    const pump = await bench.device();
    expect(await pump.request('VER')).toMatch(/^\d\d.NE1000/);
    await pump.command('DIA 14.43'); // a 10 mL syringe
    await pump.command('RAT 1.0 MM'); // 1 mL/min
    await pump.command('CLD INF');
    await pump.command('RUN');
    await pump.wait(6000); // 6 s of device time: 0.1 s on the 60x emulator
    await pump.command('STP');
    await pump.assertDelivered(0.1, { toleranceMl: 0.9 }); // loose: host latency x 60 on the emulator
  });

  it.skipIf(!bench.emulated)('stops with alarm S when the plunger stalls', async () => {
    const pump = await bench.device();
    await pump.command('RAT 1.0 MM');
    await pump.command('RUN');
    await pump.injectFault('stall');
    expect(await pump.request('DIS')).toMatch(/^\d\dA\?S$/);
  });
});
