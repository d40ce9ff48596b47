// Emulator fuzz: random bytes, and random well-formed commands in random framings, never crash
// either bench emulator, and every byte they send back belongs to a well-formed reply.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HarvardReplyAssembler, harvardBuiltInSyringes } from '../../../../protocols/harvard/index.ts';
import { NeHostSideDeframer, encodeBasicCommand, encodeSafePacket, parseNeReply } from '../../../../protocols/newera/index.ts';
import { startInProcessElite11 } from '../../../../firmware-sim/personalities/elite11/in-process.ts';
import { startInProcessNe1000 } from '../../../../firmware-sim/personalities/ne1000/in-process.ts';
import { loadSyringes } from '../../../../src/devices/hardware-tables.ts';
import { findPumpModel } from '../../../../src/devices/syringes.ts';

const NE_WORDS = [
  '',
  'DIA',
  'DIA 26.59',
  'DIA 4.7',
  'RAT',
  'RAT 1.5 MM',
  'RAT 20 UH',
  'RAT 9999 MM',
  'RAT MM',
  'VOL',
  'VOL 0.5',
  'VOL UL',
  'VOL ML',
  'DIR',
  'DIR INF',
  'DIR WDR',
  'DIR REV',
  'RUN',
  'STP',
  'PUR',
  'DIS',
  'CLD INF',
  'CLD WDR',
  'SAF',
  'SAF 0',
  'SAF 3',
  'VER',
  'PHN',
  'FUN RAT',
  'XYZ',
  'SIM:STALL',
  'SIM:FOO',
];
const neCommand = fc
  .tuple(fc.constantFrom('', '0', '00', '1', '*'), fc.constantFrom(...NE_WORDS), fc.boolean())
  .map(([addr, word, safe]) => (safe ? encodeSafePacket(`${addr}${word}`) : encodeBasicCommand(`${addr}${word}`)));
const noise = fc.uint8Array({ minLength: 0, maxLength: 40 });
const chunk = fc.oneof(neCommand, neCommand, noise);
const step = fc.record({ bytes: chunk, advanceMs: fc.constantFrom(0, 0, 50, 300, 700, 4000) });

describe('NE-1000 emulator fuzz', () => {
  it('never throws, and every reply is a well-formed frame', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const pump = startInProcessNe1000({ limits: findPumpModel('ne1000') });
        const deframer = new NeHostSideDeframer();
        const bad: string[] = [];
        pump.host.onBytes((b) => {
          for (const e of deframer.push(b)) {
            if (e.type === 'bad') bad.push(e.reason);
            else if (parseNeReply(e.text) === null) bad.push(e.text);
          }
        });
        for (const s of steps) {
          pump.sendBytes(s.bytes);
          pump.advance(s.advanceMs);
        }
        expect(bad).toEqual([]);
        expect(deframer.hasPartial).toBe(false);
        // Still alive and answering.
        pump.host.onBytes(() => undefined);
        expect(() => pump.device.digest()).not.toThrow();
      }),
      { numRuns: 150 },
    );
  });
});

const HV_WORDS = [
  'ver',
  'irate',
  'irate 1 ml/min',
  'irat 3.2 ul/min',
  'irate 999 ml/min',
  'irate lim',
  'irate max',
  'wrate min',
  'irun',
  'wrun',
  'run',
  'rrun',
  'stp',
  'stop',
  'diameter',
  'diameter 14.43',
  'diameter 99',
  'tvolume',
  'tvolume 0.01 ml',
  'ivolume',
  'wvolume',
  'civolume',
  'cvolume',
  'ctvolume',
  'crate',
  'status',
  'metrics',
  'force',
  'force 50',
  'bogus',
  'irate x',
  'sim:stall',
  '1:ver',
];
const hvCommand = fc.constantFrom(...HV_WORDS).map((w) => Buffer.from(`${w}\r`, 'latin1'));

describe('Pump 11 Elite emulator fuzz', () => {
  it('never throws; each reply is complete (ends in a prompt) and every line is printable', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ bytes: fc.oneof(hvCommand, hvCommand, noise), advanceMs: fc.constantFrom(0, 100, 5000) }), { maxLength: 40 }),
        (steps) => {
          const pump = startInProcessElite11({ limits: findPumpModel('elite11'), syringes: harvardBuiltInSyringes(loadSyringes()) });
          const assembler = new HarvardReplyAssembler();
          const lines: string[] = [];
          pump.host.onBytes((b) => {
            for (const r of assembler.push(b)) lines.push(...r.lines);
          });
          for (const s of steps) {
            pump.sendBytes(s.bytes);
            pump.advance(s.advanceMs);
          }
          expect(assembler.hasPartial).toBe(false);
          for (const l of lines) expect(l).toMatch(/^[\x20-\x7e]+$/);
        },
      ),
      { numRuns: 150 },
    );
  });
});
