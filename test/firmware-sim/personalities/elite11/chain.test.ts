// Several Pump 11 Elite firmwares on one serial line (the RJ-11 daisy chain), in-process and in
// virtual time: every pump hears every byte the host sends; each answers only its own address;
// a line with no address (a bare CR included) is answered by the chain head alone. Reply bytes
// are written by hand. The line is the emulators' own multi-drop bus (firmware-sim/hal/uart-bus.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryNvm } from '../../../../firmware-sim/hal/nvm-memory.ts';
import type { Uart } from '../../../../firmware-sim/hal/types.ts';
import { createUartBus } from '../../../../firmware-sim/hal/uart-bus.ts';
import { createUartPair } from '../../../../firmware-sim/hal/uart-pair.ts';
import { createElite11Device, type Elite11Device } from '../../../../firmware-sim/personalities/elite11/index.ts';
import { HarvardReplyAssembler, harvardBuiltInSyringes } from '../../../../protocols/harvard/index.ts';
import { loadSyringes } from '../../../../src/devices/hardware-tables.ts';
import { findPumpModel } from '../../../../src/devices/syringes.ts';
import { VirtualClock } from '../../../../src/model/clock.ts';
import { play } from './support.ts';

interface Line {
  /** Host writes go to every pump. */
  hostWrite(text: string): void;
  /** Everything the pumps wrote, in order. */
  readonly received: { text: string };
  tap(): Uart;
}

function sharedLine(): Line {
  const cable = createUartPair({ deliverSync: true });
  const bus = createUartBus(cable.device);
  const received = { text: '' };
  cable.host.onBytes((bytes) => {
    received.text += Buffer.from(bytes).toString('latin1');
  });
  return {
    hostWrite: (text) => cable.host.write(Buffer.from(text, 'latin1')),
    received,
    tap: () => bus.tap(),
  };
}

interface Chain {
  pumps: Elite11Device[];
  clock: VirtualClock;
  /** Sends a line and returns what came back on the line. */
  sendRaw(text: string): string;
  advance(ms: number): void;
}

function chain(addresses: readonly number[]): Chain {
  const line = sharedLine();
  const clock = new VirtualClock(0);
  const limits = findPumpModel('elite11');
  const syringes = harvardBuiltInSyringes(loadSyringes());
  // The first pump is the one wired to the host (the chain head).
  const pumps = addresses.map((address, i) =>
    createElite11Device({ uart: line.tap(), clock, nvm: new MemoryNvm(), limits, syringes, address, chainHead: i === 0, speed: 1 }),
  );
  for (const p of pumps) p.start();
  clock.runUntil(clock.now());
  return {
    pumps,
    clock,
    advance: (ms) => clock.advance(ms),
    sendRaw(text) {
      const from = line.received.text.length;
      line.hostWrite(text);
      for (const p of pumps) p.service();
      return line.received.text.slice(from);
    },
  };
}

describe('Pump 11 Elite chain: 0 (head), 1 and 2 on one line', () => {
  it('each pump answers only its own address', () => {
    play(chain([0, 1, 2]), [
      ['1ver\r', '\n01: 11 Elite 3.0.4\r\n01:'],
      ['2ver\r', '\n02: 11 Elite 3.0.4\r\n02:'],
      ['0ver\r', '\n 11 Elite 3.0.4\r\n:'],
      ['5ver\r', ''],
      ['1bogus\r', '\n01:Command error:\r\n01:   Unknown command\r\n01:'],
      ['2\r', '\n02:'],
    ]);
  });

  it('no address: the head alone answers (a bare CR included)', () => {
    play(chain([0, 1, 2]), [
      ['ver\r', '\n 11 Elite 3.0.4\r\n:'],
      ['\r', '\n:'],
      ['bogus\r', '\nCommand error:\r\n   Unknown command\r\n:'],
    ]);
  });

  it('a head with a non-zero address prints its own prefix; the others stay silent on an unaddressed line', () => {
    play(chain([6, 0]), [
      ['\r', '\n06:'],
      ['0ver\r', '\n 11 Elite 3.0.4\r\n:'],
    ]);
  });

  it('only the addressed pump runs; volumes and device time are per pump', () => {
    const c = chain([0, 1, 2]);
    play(c, [
      ['2irate 1 ml/min\r', '\n02:'],
      ['2irun\r', '\n02>'],
      6_000,
      ['2ivolume\r', '\n02:100.000 ul\r\n02>'],
      ['1ivolume\r', '\n01:0 ul\r\n01:'],
      ['ivolume\r', '\n0 ul\r\n:'],
      ['2stp\r', '\n02:'],
    ]);
    expect(c.pumps.map((p) => p.state().infusedNl)).toEqual([0, 0, 100_000]);
  });

  it('no two pumps ever answer the same line (property)', () => {
    const words = ['ver', 'irun', 'stp', 'ivolume', 'status', 'bogus', 'irate 1 ml/min', 'force 200', 'poll on', 'poll off', ''];
    const request = fc.record({ address: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }), word: fc.constantFrom(...words) });
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 25 }), (requests) => {
        const present = [0, 1, 3];
        const c = chain(present);
        for (const r of requests) {
          const out = c.sendRaw(`${r.address ?? ''}${r.word}\r`);
          const assembler = new HarvardReplyAssembler();
          const replies = [...assembler.push(out), ...assembler.flush()];
          const answerer = r.address === undefined ? 0 : r.address;
          if (present.includes(answerer)) {
            expect(replies).toHaveLength(1);
            expect(replies[0]?.address ?? 0).toBe(answerer);
          } else {
            expect(out).toBe('');
          }
          expect(assembler.hasPartial).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });
});
