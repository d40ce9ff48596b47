// decimalValueIn values numbers itself (no slice, no Number() on the fast path); its oracle is
// JavaScript's own Number(), which rounds a decimal correctly, on hand-picked edges and on random text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalValue, decimalValueIn } from '../../../protocols/hai/numbers.ts';

describe('decimalValueIn', () => {
  it.each([
    ['30', 30],
    ['0.75', 0.75],
    ['39.5', 39.5],
    ['86400', 86400],
    ['-0', 0],
    ['-0.0e5', 0],
    ['+1', 1],
    ['1.', 1],
    ['.5', 0.5],
    ['-.5e3', -500],
    ['1E-5', 0.00001],
    ['1e22', 1e22],
    ['1e23', 1e23],
    ['0.1', 0.1],
    ['0.3', 0.3],
    ['123456789012345', 123456789012345],
    ['1234567890123456789', 1.2345678901234568e18], // the nearest double
    ['9007199254740993', 9007199254740992],
    ['4.9999999999999999', 5],
    ['1e-400', 0],
  ])('%s is %d', (text, value) => {
    expect(decimalValue(text)).toBe(value);
  });

  it.each(['', '-', '.', 'e5', '1e', '1e+', '1.2.3', '0x1E', '30ML', 'NaN', 'Inf', '1 ', ' 1', '1,2'])(
    '%j is not number syntax',
    (text) => {
      expect(decimalValue(text)).toBe('type');
    },
  );

  it('calls a number too large for a double out of range, not a type error', () => {
    expect(decimalValue('1e999')).toBe('range');
    expect(decimalValue('-1e309')).toBe('range');
  });

  it('reads only its range of the text', () => {
    expect(decimalValueIn('PUMP:FILL FUDR,30.5 ', 15, 19)).toBe(30.5);
    expect(decimalValueIn('12,34', 0, 2)).toBe(12);
    expect(decimalValueIn('12,34', 0, 3)).toBe('type');
  });

  it('agrees with Number() on random decimal and exponent text', () => {
    const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: max });
    const text = fc
      .tuple(
        fc.constantFrom('', '+', '-'),
        digits(20),
        fc.option(digits(20)),
        fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(4))),
      )
      .map(
        ([sign, whole, fraction, exponent]) =>
          `${sign}${whole}${fraction === null ? '' : `.${fraction}`}${exponent === null ? '' : exponent.join('')}`,
      )
      .filter((t) => /[0-9]/.test(t.split(/[eE]/)[0] ?? '') && !/[eE][+-]?$/.test(t));
    fc.assert(
      fc.property(text, (t) => {
        const expected = Number(t);
        expect(decimalValue(t)).toBe(Number.isFinite(expected) ? (expected === 0 ? 0 : expected) : 'range');
      }),
      { numRuns: 5000 },
    );
  });
});
