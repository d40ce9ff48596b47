// The Pump 11 Elite emulator's behaviour beyond single exchanges: device time (frozen at
// --speed max, scaled otherwise), targets met at the exact device time, state kept across a
// power cycle, and refused lines that change nothing. Reply bytes are written by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryNvm } from '../../../../firmware-sim/hal/nvm-memory.ts';
import { startInProcessElite11 } from '../../../../firmware-sim/personalities/elite11/in-process.ts';
import { harvardBuiltInSyringes } from '../../../../protocols/harvard/index.ts';
import { loadSyringes } from '../../../../src/devices/hardware-tables.ts';
import { findPumpModel } from '../../../../src/devices/syringes.ts';
import { VirtualClock } from '../../../../src/model/clock.ts';
import { play } from './support.ts';

const limits = findPumpModel('elite11');
const syringes = harvardBuiltInSyringes(loadSyringes());

describe('Pump 11 Elite emulator: device time', () => {
  it('at --speed max (world speed 0) the volume moves only by sim:time:adv', () => {
    const pump = startInProcessElite11({ limits, syringes, speed: 0 });
    play(pump, [
      'irate 1 ml/min\r',
      ['irun\r', '\n>'],
      60_000,
      ['ivolume\r', '\n0 ul\r\n>'],
      ['sim:time:adv 6000\r', '\n>'],
      60_000,
      ['ivolume\r', '\n100.000 ul\r\n>'],
      ['sim:time?\r', '\n6000\r\n>'],
    ]);
  });

  it('at a scaled speed device time runs at speed × the clock', () => {
    const pump = startInProcessElite11({ limits, syringes, speed: 10 });
    play(pump, [
      'irate 1 ml/min\r',
      'irun\r',
      600,
      // 0.6 s of clock × 10 = 6 s of device time = 0.1 mL.
      ['ivolume\r', '\n100.000 ul\r\n>'],
    ]);
  });

  it('a target is met at its exact device time, even inside a long jump', () => {
    const pump = startInProcessElite11({ limits, syringes, speed: 0, sleepWhenIdle: true });
    play(pump, [
      'irate 2 ml/min\r',
      'tvolume 1 ml\r',
      'irun\r',
      // 1 mL at 2 mL/min takes 30 s; one jump of a day stops the run at 30 s of run time.
      ['sim:time:adv 86400000\r', '\nT*'],
      ['ivolume\r', '\n1.00000 ml\r\nT*'],
      ['itime\r', '\n30.0000 seconds\r\nT*'],
    ]);
  });

  it('a sleeping emulator wakes for its target at scaled speed (the prompt changes by itself)', () => {
    const pump = startInProcessElite11({ limits, syringes, speed: 60, sleepWhenIdle: true });
    play(pump, ['irate 1 ml/min\r', 'ttime 120\r', 'irun\r', 1_999]);
    expect(pump.device.firmware()?.targetReached).toBe(false);
    pump.advance(2);
    expect(pump.device.firmware()?.targetReached).toBe(true);
    expect(pump.sendRaw('itime\r')).toBe('\n120.000 seconds\r\nT*');
  });
});

describe('Pump 11 Elite emulator: NVM and robustness', () => {
  it('keeps settings, totals and the address across a power cycle', () => {
    const nvm = new MemoryNvm();
    const clock = new VirtualClock(0);
    const first = startInProcessElite11({ limits, syringes, nvm, clock });
    play(first, ['diameter 14.43\r', 'irate 2 m/h\r', 'irun\r', 60 * 60_000, 'stp\r', 'address 4\r']);
    first.device.stop();
    const again = startInProcessElite11({ limits, syringes, nvm, clock });
    play(again, [
      ['4diameter\r', '\n04:14.4300 mm\r\n04:'],
      ['4irate\r', '\n04:2.00000 ml/hr\r\n04:'],
      ['4ivolume\r', '\n04:2.00000 ml\r\n04:'],
      ['4itime\r', '\n04:3600.00 seconds\r\n04:'],
    ]);
  });

  it('a refused or malformed line never changes state, and every reply ends in a prompt (property)', () => {
    const refusedLines = [
      'bogus',
      'irate 99999 m/m',
      'irate x',
      'force 0',
      'diameter 99',
      'baud 7',
      'tvolume 999 ml',
      'syrm zzz ?',
      '6:stp',
      'sim:time:adv',
    ];
    const bytes = fc.oneof(
      fc.constantFrom(...refusedLines).map((l) => `${l}\r`),
      // Random text with no letter of any command word, so it can never form one.
      fc.string({ maxLength: 20 }).map((s) => s.replace(/[\ra-wA-W]/g, '')),
    );
    fc.assert(
      fc.property(fc.array(bytes, { maxLength: 12 }), (inputs) => {
        const pump = startInProcessElite11({ limits, syringes, speed: 0 });
        pump.sendRaw('irate 1 ml/min\r');
        const before = pump.device.digest();
        for (const input of inputs) {
          const out = pump.sendRaw(input);
          if (out !== '') expect(out).toMatch(/\n(T\*|[:<>*])$/);
        }
        // Flush a half line so it cannot count; a bare CR changes nothing either.
        pump.sendRaw('\r');
        expect(pump.device.digest()).toBe(before);
      }),
      { numRuns: 100 },
    );
  });
});
