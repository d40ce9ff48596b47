// Number format tables worked by hand from the rule: at most 4 digits plus a decimal
// point, at most 3 decimals, as many decimals as fit (queries print `26.59`, `1.500`, `0.000`).
import { describe, expect, it } from 'vitest';
import { formatNeNumber, formatNeReplyNumber, parseNeNumber, pickRateUnits } from '../../../protocols/newera/index.ts';

describe('formatNeNumber', () => {
  it.each([
    [0, '0.000'],
    [0.5, '0.500'],
    [1.5, '1.500'],
    [0.0005, '0.001'], // half rounds away from zero
    [26.59, '26.59'],
    [12.345, '12.35'], // 12.345 on paper, not the binary 12.3449999
    [9.9996, '10.00'], // the carry moves the point
    [99.996, '100.0'],
    [123.44, '123.4'],
    [999.95, '1000'],
    [1234.4, '1234'],
    [9999.4, '9999'],
  ])('%s -> %s', (x, text) => {
    expect(formatNeNumber(x)).toBe(text);
  });

  it.each([[9999.5], [10000], [-1], [Number.NaN], [Number.POSITIVE_INFINITY], [0.0004]])('%s does not fit -> null', (x) => {
    expect(formatNeNumber(x)).toBeNull();
  });

  it('underflow to 0.000 only when asked (query replies)', () => {
    expect(formatNeNumber(0.0004, { allowUnderflowToZero: true })).toBe('0.000');
  });
});

describe('formatNeReplyNumber: a reply number always has its decimal point', () => {
  // [x, reply text, the same x as formatNeNumber writes it (from the table above)]
  it.each([
    [1000, '1000.', '1000'],
    [1234.4, '1234.', '1234'],
    [9999, '9999.', '9999'],
    [999.95, '1000.', '1000'],
    [26.59, '26.59', '26.59'],
    [0, '0.000', '0.000'],
  ])('%s -> %s', (x, reply, plain) => {
    expect(formatNeReplyNumber(x)).toBe(reply);
    expect(formatNeNumber(x)).toBe(plain);
  });
  it('what does not fit is still null', () => {
    expect(formatNeReplyNumber(10000)).toBeNull();
  });
});

describe('parseNeNumber', () => {
  it.each([
    ['26.59', 26.59],
    ['1.500', 1.5],
    ['0.000', 0],
    ['1234', 1234],
    ['.5', 0.5],
    ['5.', 5],
  ])('%s -> %s', (text, x) => {
    expect(parseNeNumber(text)).toBe(x);
  });

  it.each([['12345'], ['1.2345'], ['0.0001'], ['-1'], ['1e3'], [''], ['.'], ['1.2.3'], [' 1']])('%s is refused', (text) => {
    expect(parseNeNumber(text)).toBeNull();
  });
});

describe('pickRateUnits (finest step in mL/min wins)', () => {
  it('1.5 mL/min: MM 1.500 (step 0.001), MH 90.00 (step 0.000167), UM 1500 (0.001) -> MH', () => {
    expect(pickRateUnits(1.5)).toEqual({ units: 'MH', text: '90.00', value: 90, mlPerMin: 1.5 });
  });
  it('0.001 mL/min = 60 µL/h: UH 60.00 (step 1.7e-7 mL/min) beats UM 1.000 (1e-6)', () => {
    expect(pickRateUnits(0.001)).toMatchObject({ units: 'UH', text: '60.00' });
  });
  it('100 mL/min: MM 100.0 (0.1) vs MH 6000 (0.0167) -> MH', () => {
    expect(pickRateUnits(100)).toMatchObject({ units: 'MH', text: '6000' });
  });
  it('200 mL/min = 12000 mL/h does not fit MH -> MM 200.0', () => {
    expect(pickRateUnits(200)).toMatchObject({ units: 'MM', text: '200.0' });
  });
  it('nothing fits -> null', () => {
    expect(pickRateUnits(20000)).toBeNull();
    expect(pickRateUnits(0)).toBeNull();
    expect(pickRateUnits(-1)).toBeNull();
  });
  it('the returned rate is what the pump will run', () => {
    const c = pickRateUnits(0.123456);
    expect(c).not.toBeNull();
    if (c !== null) expect(c.mlPerMin).toBeCloseTo(0.123456, 4);
  });
});
