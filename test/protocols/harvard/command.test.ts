import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HARVARD_BAUD_RATES,
  HARVARD_COMMAND_NAMES,
  HARVARD_RATE_UNITS,
  HARVARD_VOLUME_UNITS,
  formatHarvardCommand,
  formatHarvardNumber,
  harvardRateToMlPerMin,
  harvardVolumeToMl,
  parseHarvardCommand,
  resolveHarvardCommandName,
} from '../../../protocols/harvard/index.ts';
import type { HarvardCommand } from '../../../protocols/harvard/index.ts';

describe('abbreviations [M: cut to 4 letters]', () => {
  it('irat ≡ irate, and every command resolves from its 4-letter form', () => {
    expect(resolveHarvardCommandName('irat')).toBe('irate');
    expect(parseHarvardCommand('irat 3.2 ul/min')).toEqual(parseHarvardCommand('irate 3.2 ul/min'));
    for (const name of HARVARD_COMMAND_NAMES) {
      expect(resolveHarvardCommandName(name.length > 4 ? name.slice(0, 4) : name)).toBe(name);
      expect(resolveHarvardCommandName(name)).toBe(name);
    }
  });
  it.each([
    ['civo', 'civolume'],
    ['cvol', 'cvolume'],
    ['ctvo', 'ctvolume'],
    ['diam', 'diameter'],
    ['diamet', 'diameter'],
    ['stat', 'status'],
    ['FORCE', 'force'],
    ['stp', 'stp'],
    ['stop', 'stop'],
  ])('%s -> %s', (word, name) => expect(resolveHarvardCommandName(word)).toBe(name));
  it.each([['ira'], ['dia'], ['irates'], ['xyzw'], ['']])('%s is unknown', (word) => expect(resolveHarvardCommandName(word)).toBeNull());
});

describe('parseHarvardCommand', () => {
  it('address prefix, CR / CR LF', () => {
    expect(parseHarvardCommand('12:irat 3.2 ul/min\r')).toEqual({
      ok: true,
      request: { address: 12, command: { cmd: 'irate', arg: { kind: 'rate', value: 3.2, units: 'ul/min' } } },
    });
    expect(parseHarvardCommand('irun\r\n')).toEqual({ ok: true, request: { address: 0, command: { cmd: 'irun' } } });
  });
  it.each([
    ['irate', { cmd: 'irate' }],
    ['irate max', { cmd: 'irate', arg: { kind: 'max' } }],
    ['wrate lim', { cmd: 'wrate', arg: { kind: 'lim' } }],
    ['wrate 1.5 ml/hr', { cmd: 'wrate', arg: { kind: 'rate', value: 1.5, units: 'ml/hr' } }],
    ['diameter 26.59', { cmd: 'diameter', diameterMm: 26.59 }],
    ['svolume 60 ml', { cmd: 'svolume', volume: { value: 60, units: 'ml' } }],
    ['tvolume', { cmd: 'tvolume' }],
    ['tvol 500 ul', { cmd: 'tvolume', volume: { value: 500, units: 'ul' } }],
    ['address 5', { cmd: 'address', address: 5 }],
    ['baud 115200', { cmd: 'baud', baud: 115200 }],
    ['FORCE 50', { cmd: 'force', percent: 50 }],
    ['status', { cmd: 'status' }],
  ])('%s', (line, command) => {
    expect(parseHarvardCommand(line)).toEqual({ ok: true, request: { address: 0, command } });
  });
  it.each([
    ['bogus', 'unknown'],
    ['irate 3.2', 'argument'],
    ['irate 3.2 ul/fortnight', 'argument'],
    ['irate -1 ul/min', 'argument'],
    ['irun now', 'argument'],
    ['svolume 5 ml/min', 'argument'],
    ['address 100', 'out-of-range'],
    ['baud 4800', 'out-of-range'],
    ['force 0', 'out-of-range'],
    ['diameter 0', 'out-of-range'],
  ])('%s -> %s', (line, error) => {
    expect(parseHarvardCommand(line)).toMatchObject({ ok: false, error });
  });
});

describe('units (hand-worked)', () => {
  it.each([
    [3.2, 'ul/min', 0.0032],
    [60, 'ml/hr', 1],
    [1, 'ml/s', 60],
    [1000, 'nl/min', 0.001],
    [1, 'pl/min', 1e-9],
  ] as const)('%s %s = %s mL/min', (v, u, mlPerMin) => {
    expect(harvardRateToMlPerMin(v, u)).toBeCloseTo(mlPerMin, 12);
  });
  it('volumes', () => {
    expect(harvardVolumeToMl(500, 'ul')).toBeCloseTo(0.5, 12);
    expect(harvardVolumeToMl(2, 'nl')).toBeCloseTo(2e-6, 15);
  });
  it.each([
    [3.2, '3.2'],
    [0, '0'],
    [26.59, '26.59'],
    [1 / 3, '0.333333'],
    [123456789, '123456789'],
    [0.000123, '0.000123'],
  ])('formatHarvardNumber(%s) = %s', (x, s) => expect(formatHarvardNumber(x)).toBe(s));
});

describe('formatHarvardCommand', () => {
  it.each([
    [{ cmd: 'irate', arg: { kind: 'rate', value: 3.2, units: 'ul/min' } } as const, { address: 12 }, '12:irate 3.2 ul/min\r'],
    [{ cmd: 'irate', arg: { kind: 'rate', value: 3.2, units: 'ul/min' } } as const, { address: 12, abbreviate: true }, '12:irat 3.2 ul/min\r'],
    [{ cmd: 'irun' } as const, {}, 'irun\r'],
    [{ cmd: 'tvolume' } as const, { lineEnd: '\r\n' } as const, 'tvolume\r\n'],
  ])('%j', (command, options, line) => expect(formatHarvardCommand(command, options)).toBe(line));

  const value = fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => Number(formatHarvardNumber(x)));
  const command: fc.Arbitrary<HarvardCommand> = fc.oneof(
    fc.constantFrom(...HARVARD_COMMAND_NAMES.filter((n) => !['irate', 'wrate', 'diameter', 'svolume', 'tvolume', 'address', 'baud', 'force'].includes(n))).map((cmd) => ({ cmd }) as HarvardCommand),
    fc.record({
      cmd: fc.constantFrom('irate' as const, 'wrate' as const),
      arg: fc.oneof(
        fc.record({ kind: fc.constant('rate' as const), value, units: fc.constantFrom(...HARVARD_RATE_UNITS) }),
        fc.constantFrom({ kind: 'max' as const }, { kind: 'min' as const }, { kind: 'lim' as const }),
      ),
    }),
    fc.record({ cmd: fc.constant('diameter' as const), diameterMm: value.filter((x) => x > 0) }),
    fc.record({ cmd: fc.constantFrom('svolume' as const, 'tvolume' as const), volume: fc.record({ value, units: fc.constantFrom(...HARVARD_VOLUME_UNITS) }) }),
    fc.record({ cmd: fc.constant('address' as const), address: fc.integer({ min: 0, max: 99 }) }),
    fc.record({ cmd: fc.constant('baud' as const), baud: fc.constantFrom(...HARVARD_BAUD_RATES) }),
    fc.record({ cmd: fc.constant('force' as const), percent: fc.integer({ min: 1, max: 100 }) }),
  );

  it('command -> format -> parse is the identity, full or abbreviated (fast-check)', () => {
    fc.assert(
      fc.property(command, fc.integer({ min: 0, max: 99 }), fc.boolean(), (c, address, abbreviate) => {
        expect(parseHarvardCommand(formatHarvardCommand(c, { address, abbreviate }))).toEqual({ ok: true, request: { address, command: c } });
      }),
      { numRuns: 2000 },
    );
  });
});
