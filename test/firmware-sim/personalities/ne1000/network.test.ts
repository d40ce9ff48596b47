// Three NE-1000 firmwares on one in-process line: each answers only its own address, `*`
// reaches all, and a Network Command Burst [M p.35] changes all three rates at one instant.
import { describe, expect, it } from 'vitest';
import { NeHostSideDeframer, encodeBasicCommand } from '../../../../protocols/newera/index.ts';
import { MemoryNvm } from '../../../../firmware-sim/hal/nvm-memory.ts';
import { createUartPair } from '../../../../firmware-sim/hal/uart-pair.ts';
import { createNe1000Device, type Ne1000Device } from '../../../../firmware-sim/personalities/ne1000/index.ts';
import { findPumpModel } from '../../../../src/devices/syringes.ts';
import { VirtualClock } from '../../../../src/model/clock.ts';
import { createUartBus } from '../../../../firmware-sim/hal/uart-bus.ts';

function network(addresses: number[]) {
  const clock = new VirtualClock(0);
  const pair = createUartPair({ deliverSync: true });
  const bus = createUartBus(pair.device);
  const pumps: Ne1000Device[] = addresses.map((address) =>
    createNe1000Device({ uart: bus.tap(), clock, nvm: new MemoryNvm(), limits: findPumpModel('ne1000'), address, sleepWhenIdle: true }),
  );
  const deframer = new NeHostSideDeframer();
  const heard: string[] = [];
  pair.host.onBytes((bytes) => {
    for (const e of deframer.push(bytes)) if (e.type !== 'bad') heard.push(e.text);
  });
  for (const p of pumps) p.start();
  const send = (text: string): string[] => {
    const before = heard.length;
    pair.host.write(encodeBasicCommand(text));
    for (const p of pumps) p.service();
    return heard.slice(before);
  };
  return { clock, pumps, send, advance: (ms: number) => clock.advance(ms) };
}

describe('a pump network on one line', () => {
  it('each pump answers only its own address', () => {
    const net = network([0, 1, 2]);
    expect(net.send('0')).toEqual(['00A?R']);
    expect(net.send('1')).toEqual(['01A?R']);
    expect(net.send('2')).toEqual(['02A?R']);
    expect(net.send('2VER')).toEqual(['02SNE1000V3.928']);
    expect(net.send('7VER')).toEqual([]);
  });

  it('commands to pump 2 leave pumps 0 and 1 at zero', () => {
    const net = network([0, 1, 2]);
    for (const a of ['0', '1', '2']) net.send(a);
    expect(net.send('2RAT1MM')).toEqual(['02S']);
    expect(net.send('2RUN')).toEqual(['02I']);
    net.advance(60_000);
    expect(net.send('2STP')).toEqual(['02P']);
    expect(net.send('0DIS')).toEqual(['00SI0.000W0.000ML']);
    expect(net.send('1DIS')).toEqual(['01SI0.000W0.000ML']);
    expect(net.send('2DIS')).toEqual(['02PI1.000W0.000ML']);
  });

  it("the manual's burst sets three rates at one instant; every addressed pump answers", () => {
    const net = network([0, 1, 2]);
    for (const a of ['0', '1', '2']) net.send(a);
    // The manual's example assumes the units are already mL/h on all three pumps.
    for (const a of ['0', '1', '2']) net.send(`${a}RAT1MH`);
    expect(net.send('0RUN*1RUN*2RUN*').sort()).toEqual(['00I', '01I', '02I']);
    net.advance(10_000);
    const replies = net.send('0 rat 100 * 1 rat 250 * 2 rat 375 *');
    // On real hardware these three overlap on the wire ("gibberish", to be ignored [M]).
    expect(replies.sort()).toEqual(['00I', '01I', '02I']);
    // All three run their new rate from the same device instant: after 60 s more, each has
    // delivered its own rate's share and no more (10 s at 1 mL/h before, in µL precision).
    net.advance(60_000);
    const dis = ['0', '1', '2'].map((a) => net.send(`${a}DIS`)[0]);
    // 1 mL/h × 10 s = 0.00278 mL; then 100, 250, 375 mL/h × 60 s = 1.667, 4.167, 6.250 mL.
    expect(dis).toEqual(['00II1.669W0.000ML', '01II4.169W0.000ML', '02II6.253W0.000ML']);
    expect(net.send('0RAT')).toEqual(['00I100.0MH']);
    expect(net.send('1RAT')).toEqual(['01I250.0MH']);
    expect(net.send('2RAT')).toEqual(['02I375.0MH']);
  });

  it('a burst segment for a pump not on the line, or a pump above 9, changes nothing', () => {
    const net = network([0, 12]);
    net.send('0');
    net.send('12');
    expect(net.send('5RAT2MM*')).toEqual([]);
    expect(net.send('12RAT2MM*')).toEqual(['12S?']); // not a burst (12 is not one digit): a garbled command to pump 12
    expect(net.send('12RAT')).toEqual(['12S1.000MM']);
  });

  it('* reaches every pump (system command overrides the address)', () => {
    const net = network([0, 1]);
    net.send('0');
    net.send('1');
    expect(net.send('*VER').sort()).toEqual(['00SNE1000V3.928', '01SNE1000V3.928']);
  });
});
