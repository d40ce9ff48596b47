import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NePumpSideDeframer,
  encodeBasicCommand,
  encodeSafePacket,
  formatNeCommand,
  parseNeCommand,
} from '../../../protocols/newera/index.ts';
import { neCommand } from './arbitraries.ts';

describe('parseNeCommand: normalisation [M]', () => {
  it('drops spaces and control characters, upper-cases, missing address = 0', () => {
    for (const raw of ['0 rat 1.5 mm', '0RAT1.5MM', 'rat1.5mm', '\x010 r\ta t 1 . 5 m m\n']) {
      expect(parseNeCommand(raw)).toMatchObject({ ok: true, request: { address: 0, command: { cmd: 'RAT', rate: 1.5, units: 'MM' } } });
    }
  });
  it('the empty command is a status query', () => {
    expect(parseNeCommand('')).toMatchObject({ ok: true, request: { address: 0, command: { cmd: 'STATUS' } } });
    expect(parseNeCommand('07')).toMatchObject({ ok: true, request: { address: 7, command: { cmd: 'STATUS' } } });
  });
  it('two-digit addresses; three digits are refused', () => {
    expect(parseNeCommand('12DIA26.59')).toMatchObject({ ok: true, request: { address: 12, command: { cmd: 'DIA', diameterMm: 26.59 } } });
    expect(parseNeCommand('100RUN')).toMatchObject({ ok: false, error: 'bad-address' });
  });
});

describe('parseNeCommand: arguments', () => {
  it.each([
    ['DIA', { cmd: 'DIA' }],
    ['RAT', { cmd: 'RAT' }],
    ['RAT 2', { cmd: 'RAT', rate: 2 }],
    ['VOL', { cmd: 'VOL' }],
    ['VOL 0.5', { cmd: 'VOL', volume: 0.5 }],
    ['VOL ML', { cmd: 'VOL', units: 'ML' }],
    ['VOL UL', { cmd: 'VOL', units: 'UL' }],
    ['DIR', { cmd: 'DIR' }],
    ['DIR REV', { cmd: 'DIR', direction: 'REV' }],
    ['RUN', { cmd: 'RUN' }],
    ['RUN 3', { cmd: 'RUN', phase: 3 }],
    ['STP', { cmd: 'STP' }],
    ['PUR', { cmd: 'PUR' }],
    ['DIS', { cmd: 'DIS' }],
    ['CLD INF', { cmd: 'CLD', direction: 'INF' }],
    ['SAF', { cmd: 'SAF' }],
    ['SAF 0', { cmd: 'SAF', timeoutS: 0 }],
    ['SAF 255', { cmd: 'SAF', timeoutS: 255 }],
    ['VER', { cmd: 'VER' }],
    ['PHN 41', { cmd: 'PHN', phase: 41 }],
    ['FUN', { cmd: 'FUN' }],
    ['FUN RAT', { cmd: 'FUN', fn: { name: 'RAT' } }],
    ['FUN INC', { cmd: 'FUN', fn: { name: 'INC' } }],
    ['FUN DEC', { cmd: 'FUN', fn: { name: 'DEC' } }],
    ['FUN STP', { cmd: 'FUN', fn: { name: 'STP' } }],
    ['FUN JMP 3', { cmd: 'FUN', fn: { name: 'JMP', arg: 3 } }],
    ['FUN JMP 03', { cmd: 'FUN', fn: { name: 'JMP', arg: 3 } }],
    ['FUN LPS', { cmd: 'FUN', fn: { name: 'LPS' } }],
    ['FUN LPE', { cmd: 'FUN', fn: { name: 'LPE' } }],
    ['FUN LOP 5', { cmd: 'FUN', fn: { name: 'LOP', arg: 5 } }],
    ['FUN PAS 30', { cmd: 'FUN', fn: { name: 'PAS', arg: 30 } }],
    ['FUN PAS 2.5', { cmd: 'FUN', fn: { name: 'PAS', arg: 2.5 } }],
    ['FUN IF 7', { cmd: 'FUN', fn: { name: 'IF', arg: 7 } }],
    ['FUN PRL 0', { cmd: 'FUN', fn: { name: 'PRL', arg: 0 } }],
    ['AL 1', { cmd: 'SET', setting: 'AL', value: 1 }],
    ['PF', { cmd: 'SET', setting: 'PF' }],
    ['TRG FT', { cmd: 'TRG', mode: 'FT' }],
    ['OUT 1', { cmd: 'OUT', level: 1 }],
    ['IN 6', { cmd: 'IN', pin: 6 }],
    ['BUZ 1 3', { cmd: 'BUZ', on: 1, beeps: 3 }],
    ['RAT 1000.', { cmd: 'RAT', rate: 1000 }],
    ['SIM:TIME?', { cmd: 'SIM', op: 'TIME?' }],
    ['SIM:TIME:ADV 6000', { cmd: 'SIM', op: 'TIME:ADV', ms: 6000 }],
  ])('%s', (raw, command) => {
    expect(parseNeCommand(raw)).toMatchObject({ ok: true, request: { address: 0, command } });
  });

  it('system commands only after *', () => {
    expect(parseNeCommand('*ADR 1 B 9600')).toMatchObject({
      ok: true,
      request: { address: 'all', command: { cmd: 'ADR', address: 1, baud: 9600 } },
    });
    expect(parseNeCommand('*adr 5')).toMatchObject({ ok: true, request: { address: 'all', command: { cmd: 'ADR', address: 5 } } });
    expect(parseNeCommand('*RESET')).toMatchObject({ ok: true, request: { address: 'all', command: { cmd: 'RESET' } } });
    expect(parseNeCommand('0ADR1')).toMatchObject({ ok: false, error: 'unknown' });
    expect(parseNeCommand('RESET')).toMatchObject({ ok: false, error: 'unknown' });
  });

  it.each([
    ['XYZ', 'unknown'],
    ['SAF 256', 'out-of-range'],
    ['RUN 42', 'out-of-range'],
    ['PHN 0', 'out-of-range'],
    ['*ADR 100', 'out-of-range'],
    ['*ADR 1 B 4800', 'out-of-range'],
    ['DIA 12.345', 'syntax'], // 5 digits [M]
    ['RAT MM', 'syntax'],
    ['RAT 1.5 XX', 'syntax'],
    ['VOL 1 ML', 'syntax'], // value and units are separate commands [M]
    ['DIR UP', 'syntax'],
    ['CLD', 'syntax'],
    ['STP 1', 'syntax'],
    ['SAF 1.5', 'syntax'],
    ['FUN XYZ', 'syntax'],
    ['FUN JMP', 'syntax'],
    ['FUN JMP 42', 'out-of-range'],
    ['FUN LOP 0', 'out-of-range'],
    ['FUN PAS 100', 'out-of-range'],
    ['FUN RAT 5', 'syntax'],
    ['IN 5', 'out-of-range'],
    ['AL 2', 'out-of-range'],
    ['SIM:FOO', 'unknown'],
    ['SIM:TIME:ADV 0', 'out-of-range'],
  ])('%s -> %s', (raw, error) => {
    expect(parseNeCommand(raw)).toMatchObject({ ok: false, error });
  });
});

describe('formatNeCommand', () => {
  it.each([
    [{ cmd: 'RUN' } as const, 0, '0RUN'], // worked example
    [{ cmd: 'SAF', timeoutS: 0 } as const, 0, '0SAF0'], // worked example
    [{ cmd: 'RAT', rate: 1.5, units: 'MM' } as const, 0, '0RAT1.500MM'],
    [{ cmd: 'DIA', diameterMm: 26.59 } as const, 3, '3DIA26.59'],
    [{ cmd: 'VOL', units: 'ML' } as const, 0, '0VOLML'],
    [{ cmd: 'STATUS' } as const, 12, '12'],
    [{ cmd: 'ADR', address: 1, baud: 9600 } as const, 0, '*ADR1B9600'],
    [{ cmd: 'RESET' } as const, 0, '*RESET'],
  ])('%j @%s -> %s', (command, address, text) => {
    expect(formatNeCommand(command, address)).toBe(text);
  });

  it('throws on values the pump cannot take', () => {
    expect(() => formatNeCommand({ cmd: 'RAT', rate: 12345 })).toThrow();
    expect(() => formatNeCommand({ cmd: 'SAF', timeoutS: 300 })).toThrow();
    expect(() => formatNeCommand({ cmd: 'RUN' }, 100)).toThrow(RangeError);
    expect(() => formatNeCommand({ cmd: 'VOL', volume: 1, units: 'ML' })).toThrow();
  });
});

describe('round trips (fast-check)', () => {
  it('command -> format -> parse is the identity', () => {
    fc.assert(
      fc.property(neCommand, fc.integer({ min: 0, max: 99 }), (command, address) => {
        const parsed = parseNeCommand(formatNeCommand(command, address));
        const expectedAddress = command.cmd === 'ADR' || command.cmd === 'RESET' ? 'all' : address;
        expect(parsed).toEqual({ ok: true, request: { address: expectedAddress, command }, normalized: expect.any(String) });
      }),
      { numRuns: 2000 },
    );
  });

  it('the pump reads the same command whether framed basic or safe, in any chunking', () => {
    fc.assert(
      fc.property(neCommand, fc.boolean(), fc.integer({ min: 1, max: 7 }), (command, safe, chunk) => {
        const text = formatNeCommand(command, 0);
        const bytes = safe ? encodeSafePacket(text) : encodeBasicCommand(text);
        const d = new NePumpSideDeframer();
        const events = [];
        for (let i = 0; i < bytes.length; i += chunk) events.push(...d.push(bytes.subarray(i, i + chunk)));
        expect(events).toHaveLength(1);
        const e = events[0];
        expect(e?.type).toBe(safe ? 'safe' : 'basic');
        if (e !== undefined && e.type !== 'bad') expect(parseNeCommand(e.text)).toMatchObject({ ok: true, request: { command } });
      }),
      { numRuns: 1000 },
    );
  });
});
