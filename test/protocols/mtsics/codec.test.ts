import { describe, expect, it } from 'vitest';
import {
  COMMAND_NAMES,
  formatCommand,
  formatReply,
  parseCommand,
  parseReply,
  parseReplyOrThrow,
  type Command,
  type Reply,
} from '../../../protocols/mtsics/index.ts';

describe('host command formatter: byte-exact, CR LF', () => {
  it.each(COMMAND_NAMES.map((name) => [name]))('%s', (name) => {
    expect(formatCommand({ name } as Command)).toBe(`${name}\r\n`);
  });
  it('TA preset', () => {
    expect(formatCommand({ name: 'TA', preset: { value: 100, unit: 'g' } })).toBe('TA 100 g\r\n');
    expect(formatCommand({ name: 'TA', preset: { value: 12.5, unit: 'mg' } })).toBe('TA 12.5 mg\r\n');
    // never an exponent: balances do not read 1e-7
    expect(formatCommand({ name: 'TA', preset: { value: 0.0000001, unit: 'g' } })).toBe('TA 0 g\r\n');
  });
});

describe('balance command parser', () => {
  it('reads every command back', () => {
    for (const name of COMMAND_NAMES) {
      expect(parseCommand(`${name}\r\n`)).toEqual({ ok: true, command: { name } });
      expect(parseCommand(name)).toEqual({ ok: true, command: { name } });
    }
  });
  it('reads a tare preset', () => {
    expect(parseCommand('TA 100.00 g\r\n')).toEqual({ ok: true, command: { name: 'TA', preset: { value: 100, unit: 'g' } } });
  });
  it('answers ES to unknown, lower-case or malformed commands', () => {
    for (const line of ['', 'X', 's', 'S 1', 'SI  ', 'TA 1', 'TA x g', 'TA 1 lb', 'I6']) {
      expect(parseCommand(line)).toEqual({ ok: false, reply: { kind: 'error', code: 'ES' } });
    }
  });
  it('answers TA L to a negative preset', () => {
    expect(parseCommand('TA -1 g')).toEqual({ ok: false, reply: { kind: 'parameterError', command: 'TA' } });
  });
});

/** Reference lines (benchtop-protocols.md, MT-SICS table) and what they mean. */
const EXAMPLES: Array<[string, Reply]> = [
  ['S S     100.00 g', { kind: 'weight', stable: true, value: 100, unit: 'g', valueG: 100 }],
  ['S D      99.98 g', { kind: 'weight', stable: false, value: 99.98, unit: 'g', valueG: 99.98 }],
  ['S S     -12.34 g', { kind: 'weight', stable: true, value: -12.34, unit: 'g', valueG: -12.34 }],
  ['S I', { kind: 'notExecutable', command: 'S' }],
  ['S +', { kind: 'overload', command: 'S' }],
  ['S -', { kind: 'underload', command: 'S' }],
  ['Z A', { kind: 'zeroed', command: 'Z', stable: true }],
  ['Z I', { kind: 'notExecutable', command: 'Z' }],
  ['Z +', { kind: 'overload', command: 'Z' }],
  ['Z -', { kind: 'underload', command: 'Z' }],
  ['ZI D', { kind: 'zeroed', command: 'ZI', stable: false }],
  ['T S      50.00 g', { kind: 'tare', command: 'T', stable: true, value: 50, unit: 'g', valueG: 50 }],
  ['TI D      50.00 g', { kind: 'tare', command: 'TI', stable: false, value: 50, unit: 'g', valueG: 50 }],
  ['TA A      25.00 g', { kind: 'tareValue', value: 25, unit: 'g', valueG: 25 }],
  ['TA L', { kind: 'parameterError', command: 'TA' }],
  ['TAC A', { kind: 'tareCleared' }],
  ['I4 A "B123456789"', { kind: 'serialNumber', serial: 'B123456789' }],
  ['I2 A "WXS205SDU 210.00 g"', { kind: 'balanceData', balanceType: 'WXS205SDU', capacity: 210, unit: 'g', capacityG: 210 }],
  ['I3 A "1.10"', { kind: 'info', command: 'I3', more: false, fields: ['1.10'] }],
  ['I0 B 0 "I0"', { kind: 'info', command: 'I0', more: true, fields: ['0', 'I0'] }],
  ['ES', { kind: 'error', code: 'ES' }],
  ['ET', { kind: 'error', code: 'ET' }],
  ['EL', { kind: 'error', code: 'EL' }],
];

describe('reply lines: parse and format byte-exact', () => {
  it.each(EXAMPLES)('%s', (line, reply) => {
    expect(parseReplyOrThrow(`${line}\r\n`)).toEqual(reply);
    expect(formatReply(reply)).toBe(`${line}\r\n`);
  });
  it('the value is right-aligned in 10 characters after one space', () => {
    const line = formatReply({ kind: 'weight', stable: true, value: 100, unit: 'g', valueG: 100 });
    expect(line).toBe('S S     100.00 g\r\n');
    expect(line.slice(4, 14)).toBe('    100.00');
  });
  it('formats with the balance readability', () => {
    expect(formatReply({ kind: 'weight', stable: true, value: 1.23456, unit: 'g', valueG: 1.23456 }, { decimals: 5 })).toBe(
      'S S    1.23456 g\r\n',
    );
  });
  it('never writes a negative zero', () => {
    expect(formatReply({ kind: 'weight', stable: true, value: -0.001, unit: 'g', valueG: -0.001 })).toBe('S S       0.00 g\r\n');
  });
});

describe('units', () => {
  it('mg and kg become grams', () => {
    expect(parseReplyOrThrow('S S     100.00 mg')).toMatchObject({ value: 100, unit: 'mg', valueG: 0.1 });
    expect(parseReplyOrThrow('S S     1.2345 kg')).toMatchObject({ unit: 'kg', valueG: 1234.5 });
    expect(parseReplyOrThrow('I2 A "XPR 10 kg"')).toMatchObject({ balanceType: 'XPR', capacityG: 10000 });
  });
  it('other units are refused, not silently converted', () => {
    const parsed = parseReply('S S     100.00 lb');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain('unsupported unit lb');
  });
  it('whitespace runs carry no meaning', () => {
    expect(parseReplyOrThrow('S  S 100.00   g')).toMatchObject({ valueG: 100 });
  });
});

describe('bad replies are errors, one line each', () => {
  it.each(['', 'X', 'S', 'S S', 'S S abc g', 'S X 1 g', 'S S 1 g extra', 'I4 A "unterminated', 'Z Q', '"S" S 1 g'])('%j', (line) => {
    const parsed = parseReply(line);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).not.toContain('\n');
  });
});
