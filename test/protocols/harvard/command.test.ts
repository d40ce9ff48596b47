// Requests of the Harvard "Ultra" set, pump side and host side. The request texts are written
// by hand from the manual's grammar (Pump 11 Elite manual pp. 52-58 as the reference quotes it)
// and from what flowchem's Elite11 driver sends a real pump [C]; never produced by our formatter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HARVARD_COMMAND_NAMES,
  HARVARD_RATE_UNITS,
  HARVARD_VOLUME_UNITS,
  formatHarvardCommand,
  formatHarvardNumber,
  formatHarvardPromptRequest,
  harvardRateToMlPerMin,
  harvardVolumeToMl,
  parseHarvardCommand,
  parseHarvardRateUnits,
  parseHarvardVolumeUnits,
  resolveHarvardCommandName,
} from '../../../protocols/harvard/index.ts';
import type { HarvardCommand, HarvardParseResult } from '../../../protocols/harvard/index.ts';

const commandOf = (r: HarvardParseResult): unknown => (r.ok && r.request.kind === 'command' ? r.request.command : r);

describe('address prefix: digits straight before the command [M]', () => {
  it.each([
    ['6stp', 6, { cmd: 'stp' }],
    ['12irat 3.2 u/m', 12, { cmd: 'irate', arg: { kind: 'rate', value: 3.2, units: 'ul/min' } }],
    ['06ver', 6, { cmd: 'ver' }],
    ['0stp ', 0, { cmd: 'stp' }],
    ['stp', undefined, { cmd: 'stp' }],
    ['99ivolume', 99, { cmd: 'ivolume' }],
  ])('%j → address %s', (line, address, command) => {
    const r = parseHarvardCommand(line);
    expect(r).toMatchObject({ ok: true, request: { kind: 'command', address, command } });
  });

  it('a bare CR and an address alone ask for a prompt [M, C: flowchem sends "6 "]', () => {
    expect(parseHarvardCommand('')).toEqual({ ok: true, request: { kind: 'prompt', address: undefined } });
    expect(parseHarvardCommand('6 ')).toEqual({ ok: true, request: { kind: 'prompt', address: 6 } });
    expect(parseHarvardCommand('12')).toEqual({ ok: true, request: { kind: 'prompt', address: 12 } });
  });

  it('the old `6:stp` form is an unknown command for pump 6 on the Elite', () => {
    expect(parseHarvardCommand('6:stp')).toEqual({ ok: false, address: 6, error: { kind: 'command', message: 'Unknown command' } });
  });

  it('three digits are not an address', () => {
    expect(parseHarvardCommand('123stp')).toMatchObject({ ok: false, address: undefined, error: { kind: 'command' } });
  });

  it('the PHD ULTRA Rev A guide writes `12:irat 3.2 ul/min` [M p. 83]: its separator is model data', () => {
    const r = parseHarvardCommand('12:irat 3.2 ul/min', { addressSeparator: ':' });
    expect(r).toMatchObject({ ok: true, request: { address: 12, command: { cmd: 'irate', arg: { value: 3.2, units: 'ul/min' } } } });
    expect(parseHarvardCommand('12', { addressSeparator: ':' })).toEqual({ ok: true, request: { kind: 'prompt', address: 12 } });
  });

  it('a leading @ (no screen updates) is taken before or after the address [M]', () => {
    expect(parseHarvardCommand('@irate 100 u/m')).toMatchObject({
      ok: true,
      request: { quiet: true, address: undefined, command: { cmd: 'irate' } },
    });
    expect(parseHarvardCommand('6@irate 100 u/m')).toMatchObject({ ok: true, request: { quiet: true, address: 6 } });
    expect(parseHarvardCommand('@6irate 100 u/m')).toMatchObject({ ok: true, request: { quiet: true, address: 6 } });
  });
});

describe('abbreviations [M: cut to the first four letters]', () => {
  it('every command resolves from its 4-letter form and its full name', () => {
    for (const name of HARVARD_COMMAND_NAMES.filter((n) => !n.startsWith('sim:'))) {
      expect(resolveHarvardCommandName(name.length > 4 ? name.slice(0, 4) : name)).toBe(name);
      expect(resolveHarvardCommandName(name)).toBe(name);
    }
  });
  it.each([
    ['irat', 'irate'],
    ['addr', 'address'],
    ['civo', 'civolume'],
    ['citi', 'citime'],
    ['ctti', 'cttime'],
    ['ctim', 'ctime'],
    ['vers', 'version'],
    ['diamet', 'diameter'],
    ['FORCE', 'force'],
    ['VER', 'ver'],
  ])('%s -> %s', (word, name) => expect(resolveHarvardCommandName(word)).toBe(name));
  it.each([['ira'], ['dia'], ['irates'], ['xyzw'], [''], ['sim:'], ['sim:stal']])('%j is unknown', (word) =>
    expect(resolveHarvardCommandName(word)).toBeNull(),
  );
});

describe('units [M]: {m|u|n|p}/{h|m|s} and the long forms; volumes with the short forms', () => {
  it.each([
    ['u/m', 'ul/min'],
    ['m/h', 'ml/hr'],
    ['n/s', 'nl/s'],
    ['p/m', 'pl/min'],
    ['ml/min', 'ml/min'],
    ['ul/hr', 'ul/hr'],
    ['UL/MIN', 'ul/min'],
  ])('%s → %s', (text, units) => expect(parseHarvardRateUnits(text)).toBe(units));
  it.each([['ul/d'], ['x/m'], ['ul'], ['ul/min/s'], ['constructor/m']])('%s is not a rate unit', (text) =>
    expect(parseHarvardRateUnits(text)).toBeNull(),
  );
  it.each([
    ['m', 'ml'],
    ['u', 'ul'],
    ['nl', 'nl'],
    ['P', 'pl'],
  ])('volume %s → %s', (text, units) => expect(parseHarvardVolumeUnits(text)).toBe(units));

  it('conversions, worked by hand: 3.2 u/m = 0.0032 mL/min; 2 ml/hr = 1/30 mL/min; 500 ul = 0.5 mL', () => {
    expect(harvardRateToMlPerMin(3.2, 'ul/min')).toBeCloseTo(0.0032, 12);
    expect(harvardRateToMlPerMin(2, 'ml/hr')).toBeCloseTo(1 / 30, 12);
    expect(harvardRateToMlPerMin(1, 'nl/s')).toBeCloseTo(60e-6, 15);
    expect(harvardVolumeToMl(500, 'ul')).toBeCloseTo(0.5, 12);
  });
});

describe('arguments', () => {
  it.each([
    ['irate', { cmd: 'irate' }],
    ['irate max', { cmd: 'irate', arg: { kind: 'max' } }],
    ['wrate lim', { cmd: 'wrate', arg: { kind: 'lim' } }],
    ['diameter 14.4300 mm', { cmd: 'diameter', diameterMm: 14.43 }],
    ['diameter 26.59', { cmd: 'diameter', diameterMm: 26.59 }],
    ['svolume 10.000000000000000 m', { cmd: 'svolume', volume: { value: 10, units: 'ml' } }],
    ['irate 0.0010000000 m/m', { cmd: 'irate', arg: { kind: 'rate', value: 0.001, units: 'ml/min' } }],
    ['tvolume 0.5 m', { cmd: 'tvolume', volume: { value: 0.5, units: 'ml' } }],
    ['ttime 90', { cmd: 'ttime', seconds: 90 }],
    ['ttime 00:01:30', { cmd: 'ttime', seconds: 90 }],
    ['ttime 2 min', { cmd: 'ttime', seconds: 120 }],
    ['syrm', { cmd: 'syrm' }],
    ['syrm ?', { cmd: 'syrm', arg: { kind: 'codes' } }],
    ['syrm bdp ?', { cmd: 'syrm', arg: { kind: 'sizes', code: 'bdp' } }],
    ['syrm bdp 10 ml', { cmd: 'syrm', arg: { kind: 'select', code: 'bdp', volume: { value: 10, units: 'ml' } } }],
    ['FORCE 50', { cmd: 'force', percent: 50 }],
    ['address 5', { cmd: 'address', address: 5 }],
    ['baud 921600', { cmd: 'baud', baud: 921600 }],
    ['poll on', { cmd: 'poll', on: true }],
    ['echo OFF', { cmd: 'echo', on: false }],
    ['output 1 high', { cmd: 'output', port: 1, high: true }],
    [
      'iramp 1 ml/min 2 ml/min 30',
      { cmd: 'iramp', ramp: { start: { value: 1, units: 'ml/min' }, end: { value: 2, units: 'ml/min' }, seconds: 30 } },
    ],
    ['sim:time:adv 6000', { cmd: 'sim:time:adv', ms: 6000 }],
    ['sim:time?', { cmd: 'sim:time?' }],
  ])('%j', (line, command) => expect(commandOf(parseHarvardCommand(line))).toEqual(command));

  // Each row: a message, then the [line, argument] requests that draw it.
  const ARGUMENT_ERRORS: [message: string, ...[line: string, argument: string | undefined][]][] = [
    ['Missing argument', ['irate 3.2', undefined], ['output 1', undefined]],
    ['Invalid argument', ['irate x ml/min', 'x'], ['irate 3.2 ul/day', 'ul/day'], ['poll maybe', 'maybe'], ['diameter 14 in', 'in']],
    ['Invalid argument', ['syrm b1p ?', 'b1p']],
    ['Too many arguments', ['irate 1 ml/min 5', '5'], ['ver now', 'now']],
    ['Out of range', ['force 101', '101'], ['force 0', '0'], ['address 100', '100'], ['baud 1234', '1234'], ['diameter 0', '0']],
  ];
  const argumentErrors = ARGUMENT_ERRORS.flatMap(([message, ...rows]) =>
    rows.map(([line, argument]) => [line, argument, message] as const),
  );
  it.each(argumentErrors)('%j: Argument error %j, %s', (line, argument, message) => {
    expect(parseHarvardCommand(line)).toEqual({ ok: false, address: undefined, error: { kind: 'argument', argument, message } });
  });

  it('an error keeps the address, so only that pump answers', () => {
    expect(parseHarvardCommand('7bogus')).toEqual({ ok: false, address: 7, error: { kind: 'command', message: 'Unknown command' } });
    expect(parseHarvardCommand('7force 500')).toMatchObject({ ok: false, address: 7 });
  });

  it('never throws, and never reports an address above 99', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (line) => {
        const r = parseHarvardCommand(line);
        const address = r.ok ? r.request.address : r.address;
        expect(address === undefined || (address >= 0 && address <= 99)).toBe(true);
      }),
    );
  });
});

describe('formatHarvardCommand (host side)', () => {
  it.each<[HarvardCommand, { address?: number; abbreviate?: boolean; addressSeparator?: '' | ':' }, string]>([
    [{ cmd: 'irate', arg: { kind: 'rate', value: 3.2, units: 'ul/min' } }, { address: 12 }, '12irate 3.2 ul/min\r'],
    [{ cmd: 'irate', arg: { kind: 'rate', value: 3.2, units: 'ul/min' } }, { address: 12, abbreviate: true }, '12irat 3.2 ul/min\r'],
    [{ cmd: 'stp' }, { address: 6 }, '6stp\r'],
    [{ cmd: 'ver' }, {}, 'ver\r'],
    [{ cmd: 'irun' }, { address: 0 }, 'irun\r'],
    [{ cmd: 'tvolume', volume: { value: 500, units: 'ul' } }, {}, 'tvolume 500 ul\r'],
    [{ cmd: 'diameter', diameterMm: 14.43 }, { address: 3 }, '3diameter 14.43\r'],
    [{ cmd: 'sim:stall' }, { address: 6, abbreviate: true }, '6sim:stall\r'],
    [{ cmd: 'stp' }, { address: 12, addressSeparator: ':' }, '12:stp\r'],
  ])('%j %j → %j', (command, options, text) => expect(formatHarvardCommand(command, options)).toBe(text));

  it('prompt requests: `\\r` and `6\\r`', () => {
    expect(formatHarvardPromptRequest()).toBe('\r');
    expect(formatHarvardPromptRequest(6)).toBe('6\r');
  });

  it('refuses what the pump would refuse', () => {
    expect(() => formatHarvardCommand({ cmd: 'stp' }, { address: 100 })).toThrow(RangeError);
    expect(() => formatHarvardCommand({ cmd: 'force', percent: 0 })).toThrow();
  });

  it('round trip (property): what the host formats, the pump parses back', () => {
    const rate = fc.record({ value: fc.double({ min: 0.001, max: 9999, noNaN: true }), units: fc.constantFrom(...HARVARD_RATE_UNITS) });
    const volume = fc.record({ value: fc.double({ min: 0.001, max: 9999, noNaN: true }), units: fc.constantFrom(...HARVARD_VOLUME_UNITS) });
    const command: fc.Arbitrary<HarvardCommand> = fc.oneof(
      rate.map((r) => ({ cmd: 'irate' as const, arg: { kind: 'rate' as const, ...r } })),
      volume.map((v) => ({ cmd: 'tvolume' as const, volume: v })),
      fc.constantFrom<HarvardCommand>(
        { cmd: 'irun' },
        { cmd: 'status' },
        { cmd: 'wrate', arg: { kind: 'lim' } },
        { cmd: 'poll', on: true },
      ),
    );
    fc.assert(
      fc.property(command, fc.integer({ min: 0, max: 99 }), fc.boolean(), (c, address, abbreviate) => {
        const text = formatHarvardCommand(c, { address, abbreviate });
        const back = parseHarvardCommand(text.slice(0, -1));
        expect(back.ok).toBe(true);
        if (!back.ok || back.request.kind !== 'command') return;
        expect(back.request.address).toBe(address === 0 ? undefined : address);
        expect(back.request.command.cmd).toBe(c.cmd);
        if (
          c.cmd === 'irate' &&
          back.request.command.cmd === 'irate' &&
          c.arg?.kind === 'rate' &&
          back.request.command.arg?.kind === 'rate'
        ) {
          // 6 significant digits on the wire.
          expect(Math.abs(back.request.command.arg.value - c.arg.value) / c.arg.value).toBeLessThan(1e-5);
        }
      }),
    );
  });

  it('numbers: plain decimal, 6 significant digits, no exponent', () => {
    expect(formatHarvardNumber(3.2)).toBe('3.2');
    expect(formatHarvardNumber(0.000123456789)).toBe('0.000123457');
    expect(formatHarvardNumber(41.666666)).toBe('41.6667');
    expect(formatHarvardNumber(0)).toBe('0');
  });
});
