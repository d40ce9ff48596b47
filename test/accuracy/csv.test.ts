import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, parseSamplesCsv, samplesToCsv } from '../../src/accuracy/index.ts';

function errorOf(text: string): CsvError {
  try {
    parseSamplesCsv(text);
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error('expected a CsvError');
}

describe('parseSamplesCsv', () => {
  it('reads comma CSV with a header and blank lines', () => {
    expect(parseSamplesCsv('time_s,mass_g\n\n0,10.0\r\n30,10.1\n\n')).toEqual([
      { atS: 0, massG: 10 },
      { atS: 30, massG: 10.1 },
    ]);
  });
  it('reads semicolon CSV, with decimal commas', () => {
    expect(parseSamplesCsv('Zeit;Masse\n0;10,5\n30;10,6;21,3\n')).toEqual([
      { atS: 0, massG: 10.5 },
      { atS: 30, massG: 10.6 },
    ]);
  });
  it('no header needed; # comments and extra columns ignored', () => {
    expect(parseSamplesCsv('# balance WXS205\n0,1,20.1\n30,1.01,20.2')).toEqual([
      { atS: 0, massG: 1 },
      { atS: 30, massG: 1.01 },
    ]);
  });
  it('names the line of a bad number', () => {
    const error = errorOf('time_s,mass_g\n0,1\n\n30,abc\n');
    expect(error.line).toBe(4);
    expect(error.message).toBe('line 4: mass "abc" is not a number');
  });
  it('names the line of a missing column', () => {
    expect(errorOf('0,1\n30\n').message).toBe('line 2: expected 2 columns (time s, mass g), got 1');
  });
  it('a second header-like line is an error, not a header', () => {
    expect(errorOf('t,m\n0,1\nt,m\n').line).toBe(3);
  });
  it('names the line where time stops increasing', () => {
    expect(errorOf('0,1\n30,1\n30,1\n').message).toBe('line 3: time 30 s does not increase (line 2 has 30 s)');
  });
  it('an empty file is an error', () => {
    expect(errorOf('').message).toContain('no data rows');
    expect(errorOf('time_s,mass_g\n').message).toContain('no data rows');
  });
  it('property: parse(export(samples)) = samples', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (masses) => {
        const samples = masses.map((massG, i) => ({ atS: i * 30.5, massG: massG === 0 ? 0 : massG }));
        expect(parseSamplesCsv(samplesToCsv(samples))).toEqual(samples);
      }),
    );
  });
  it('property: random text either parses or fails with a CsvError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parseSamplesCsv(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CsvError);
        }
      }),
    );
  });
});
