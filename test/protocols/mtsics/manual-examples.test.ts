/**
 * The examples printed in the MT-SICS manual (METTLER TOLEDO, MT-SICS Interface Command for Weigh
 * Modules, Reference Manual 11781363; the manual writes a space as a visible mark, here a space),
 * copied by hand: each must parse to what the manual says it means, and the host formatter must
 * write each command of ours byte for byte as the manual's syntax has it (CR LF at the end, p. 6).
 */
import { describe, expect, it } from 'vitest';
import { formatCommand, formatReply, parseCommand, parseReplyOrThrow, type Reply } from '../../../protocols/mtsics/index.ts';

const MANUAL: Array<[page: number, line: string, meaning: Reply]> = [
  [8, 'S S     14.256 g', { kind: 'weight', stable: true, value: 14.256, unit: 'g', valueG: 14.256 }],
  [202, 'S S     100.00 g', { kind: 'weight', stable: true, value: 100, unit: 'g', valueG: 100 }],
  [204, 'S D     129.07 g', { kind: 'weight', stable: false, value: 129.07, unit: 'g', valueG: 129.07 }],
  [207, 'S S     129.09 g', { kind: 'weight', stable: true, value: 129.09, unit: 'g', valueG: 129.09 }],
  [10, 'S +', { kind: 'overload', command: 'S' }],
  [202, 'S I', { kind: 'notExecutable', command: 'S' }],
  [202, 'S L', { kind: 'parameterError', command: 'S' }],
  [202, 'S -', { kind: 'underload', command: 'S' }],
  [244, 'Z A', { kind: 'zeroed', command: 'Z', stable: true }],
  [244, 'Z I', { kind: 'notExecutable', command: 'Z' }],
  [244, 'Z +', { kind: 'overload', command: 'Z' }],
  [244, 'Z -', { kind: 'underload', command: 'Z' }],
  [246, 'ZI D', { kind: 'zeroed', command: 'ZI', stable: false }],
  [246, 'ZI S', { kind: 'zeroed', command: 'ZI', stable: true }],
  [246, 'ZI I', { kind: 'notExecutable', command: 'ZI' }],
  [246, 'ZI +', { kind: 'overload', command: 'ZI' }],
  [246, 'ZI -', { kind: 'underload', command: 'ZI' }],
  [225, 'T S     100.00 g', { kind: 'tare', command: 'T', stable: true, value: 100, unit: 'g', valueG: 100 }],
  [225, 'T I', { kind: 'notExecutable', command: 'T' }],
  [225, 'T L', { kind: 'parameterError', command: 'T' }],
  [225, 'T +', { kind: 'overload', command: 'T' }],
  [225, 'T -', { kind: 'underload', command: 'T' }],
  [226, 'TA A     100.00 g', { kind: 'tareValue', value: 100, unit: 'g', valueG: 100 }],
  [226, 'TA I', { kind: 'notExecutable', command: 'TA' }],
  [226, 'TA L', { kind: 'parameterError', command: 'TA' }],
  [227, 'TAC A', { kind: 'tareCleared' }],
  [227, 'TAC I', { kind: 'notExecutable', command: 'TAC' }],
  [230, 'TI I', { kind: 'notExecutable', command: 'TI' }],
  [230, 'TI L', { kind: 'parameterError', command: 'TI' }],
  [230, 'TI +', { kind: 'overload', command: 'TI' }],
  [230, 'TI -', { kind: 'underload', command: 'TI' }],
  [230, 'TI D     117.57 g', { kind: 'tare', command: 'TI', stable: false, value: 117.57, unit: 'g', valueG: 117.57 }],
  [15, 'I4 A "B021002593"', { kind: 'serialNumber', serial: 'B021002593' }],
  [85, 'I0 B 0 "I0"', { kind: 'info', command: 'I0', more: true, fields: ['0', 'I0'] }],
  [85, 'I0 B 0 "@"', { kind: 'info', command: 'I0', more: true, fields: ['0', '@'] }],
  [85, 'I0 B 1 "D"', { kind: 'info', command: 'I0', more: true, fields: ['1', 'D'] }],
  [85, 'I0 A 3 "SM4"', { kind: 'info', command: 'I0', more: false, fields: ['3', 'SM4'] }],
  [85, 'I0 I', { kind: 'notExecutable', command: 'I0' }],
  [
    86,
    'I1 A "0123" "2.00" "2.20" "1.00" "1.50"',
    { kind: 'info', command: 'I1', more: false, fields: ['0123', '2.00', '2.20', '1.00', '1.50'] },
  ],
  [
    87,
    'I2 A "WMS404C-L WMS-Bridge 410.0090 g"',
    { kind: 'balanceData', balanceType: 'WMS404C-L WMS-Bridge', capacity: 410.009, unit: 'g', capacityG: 410.009 },
  ],
  [88, 'I3 A "2.10 10.28.0.493.142"', { kind: 'info', command: 'I3', more: false, fields: ['2.10 10.28.0.493.142'] }],
  [89, 'I4 I', { kind: 'notExecutable', command: 'I4' }],
  [90, 'I5 A "12121306C"', { kind: 'info', command: 'I5', more: false, fields: ['12121306C'] }],
  [91, 'I10 A "My Balance"', { kind: 'info', command: 'I10', more: false, fields: ['My Balance'] }],
  [92, 'I11 A "WMS404C-L/10"', { kind: 'info', command: 'I11', more: false, fields: ['WMS404C-L/10'] }],
  [11, 'ES', { kind: 'error', code: 'ES' }],
  [11, 'ET', { kind: 'error', code: 'ET' }],
  [11, 'EL', { kind: 'error', code: 'EL' }],
];

describe('MT-SICS replies as the manual prints them', () => {
  it.each(MANUAL)('p. %i: %s', (_page, line, meaning) => {
    expect(parseReplyOrThrow(`${line}\r\n`)).toEqual(meaning);
  });

  it('the weight examples come back byte for byte from the balance-side formatter (2 decimals, as printed)', () => {
    for (const [, line, meaning] of MANUAL) {
      if (meaning.kind === 'weight' || meaning.kind === 'tare' || meaning.kind === 'tareValue') {
        const decimals = (line.split('.')[1] ?? '').replace(/ g$/, '').length;
        expect(formatReply(meaning, { decimals })).toBe(`${line}\r\n`);
      }
    }
  });
});

describe('commands as the manual writes them (uppercase, one space between parameters, CR LF; pp. 6, 226)', () => {
  it('the host writes them byte for byte', () => {
    expect(formatCommand({ name: 'S' })).toBe('S\r\n');
    expect(formatCommand({ name: 'SIR' })).toBe('SIR\r\n');
    expect(formatCommand({ name: '@' })).toBe('@\r\n');
    expect(formatCommand({ name: 'TA', preset: { value: 100, unit: 'g' } })).toBe('TA 100 g\r\n');
  });

  it('the balance reads the manual example TA 100.00 g, and nothing in lower case', () => {
    expect(parseCommand('TA 100.00 g\r\n')).toEqual({ ok: true, command: { name: 'TA', preset: { value: 100, unit: 'g' } } });
    expect(parseCommand('zi\r\n')).toEqual({ ok: false, reply: { kind: 'error', code: 'ES' } });
  });
});
