// The Pump 11 Elite emulator in-process, in virtual time: prompts, errors, limits, target
// volume (T*), stall (*), addressing and NVM.
import { describe, expect, it } from 'vitest';
import { MemoryNvm } from '../../../firmware-sim/hal/nvm-memory.ts';
import { startInProcessElite11 } from '../../../firmware-sim/personalities/elite11/in-process.ts';
import { findPumpModel } from '../../../src/devices/syringes.ts';
import { VirtualClock } from '../../../src/model/clock.ts';

const limits = findPumpModel('elite11');

describe('Pump 11 Elite emulator', () => {
  it('answers with an empty first line, body lines and a prompt with no line end', () => {
    const rawPump = startInProcessElite11({ limits });
    const bytes: number[] = [];
    rawPump.host.onBytes((b) => bytes.push(...b));
    rawPump.send('ver');
    expect(Buffer.from(bytes).toString('latin1')).toBe('\r\n11 ELITE I/W Single 3.0.4\r\n:');
    const pump = startInProcessElite11({ limits });
    expect(pump.send('irat 3.2 ul/min')).toEqual([{ prompt: ':', state: 'idle', lines: [] }]);
    expect(pump.send('irate')[0]?.lines).toEqual(['3.2 ul/min']);
    expect(pump.send('bogus')[0]?.error).toBe('Unknown command');
    expect(pump.send('irate 3.2')[0]?.error).toBe('Argument error');
    expect(pump.send('irate 500 ml/min')[0]?.error).toBe('Out of range');
    expect(pump.send('irate lim')[0]?.lines[0]).toMatch(/^\S+ \S+\/min to 88\.\d+ ml\/min$/);
  });

  it('infuses with the > prompt, counts volume with device time, stops at the target with T*', () => {
    const pump = startInProcessElite11({ limits });
    pump.send('irate 1 ml/min');
    expect(pump.send('tvolume')[0]?.lines).toEqual(['Target volume not set']);
    pump.send('tvolume 0.5 ml');
    expect(pump.send('irun')[0]?.prompt).toBe('>');
    pump.advance(15_000);
    expect(pump.send('ivolume')[0]).toMatchObject({ prompt: '>', lines: ['250 ul'] });
    pump.advance(30_000);
    expect(pump.send('ivolume')[0]).toMatchObject({ prompt: 'T*', lines: ['500 ul'] });
    expect(pump.send('status')[0]?.lines[0]).toMatch(/^0 \d+ 500000000000 i\.\.\.I$/);
    pump.send('ctvolume');
    pump.send('civolume');
    expect(pump.send('ivolume')[0]).toMatchObject({ prompt: ':', lines: ['0 ul'] });
  });

  it('stalls with the * prompt until the next run or stop', () => {
    const pump = startInProcessElite11({ limits });
    pump.send('irun');
    pump.device.injectStall();
    expect(pump.send('crate')[0]?.prompt).toBe('*');
    expect(pump.send('status')[0]?.lines[0]).toMatch(/ i\.S\.I$/);
    expect(pump.send('stp')[0]?.prompt).toBe(':');
  });

  it('answers only its address, with the address before the prompt', () => {
    const pump = startInProcessElite11({ limits, address: 3 });
    expect(pump.send('ver')).toEqual([]);
    expect(pump.send('3:irun')[0]?.prompt).toBe('>');
    expect(pump.send('3:stp')[0]).toMatchObject({ address: 3, prompt: ':' });
  });

  it('keeps settings and totals across a power cycle', () => {
    const nvm = new MemoryNvm();
    const clock = new VirtualClock(0);
    const first = startInProcessElite11({ limits, nvm, clock });
    first.send('diameter 14.43');
    first.send('irate 2 ml/hr');
    first.send('irun');
    first.advance(60 * 60_000);
    first.send('stp');
    first.device.stop();
    const again = startInProcessElite11({ limits, nvm, clock });
    expect(again.send('diameter')[0]?.lines).toEqual(['14.4300 mm']);
    expect(again.send('irate')[0]?.lines).toEqual(['2 ml/hr']);
    expect(again.send('ivolume')[0]?.lines).toEqual(['2 ml']);
  });
});
