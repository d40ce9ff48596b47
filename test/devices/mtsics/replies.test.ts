import { describe, expect, it } from 'vitest';
import { BalanceError } from '../../../src/devices/mtsics/index.ts';
import { expectWeight, interpret } from '../../../src/devices/mtsics/replies.ts';
import { parseBalanceSpec } from '../../../src/devices/mtsics/open.ts';

function codeOf(line: string, command = 'S'): string {
  try {
    interpret(line, command, 220);
  } catch (error) {
    if (error instanceof BalanceError) return error.code;
    throw error;
  }
  return 'ok';
}

describe('MT-SICS replies as driver results', () => {
  it('maps every error reply to a typed BalanceError', () => {
    expect(codeOf('S +')).toBe('overload');
    expect(codeOf('S -')).toBe('underload');
    expect(codeOf('S I')).toBe('unstable');
    expect(codeOf('Z I', 'Z')).toBe('unstable');
    expect(codeOf('TA L', 'TA 1 g')).toBe('parameter');
    expect(codeOf('ES')).toBe('syntax');
    expect(codeOf('ET')).toBe('transmission');
    expect(codeOf('EL')).toBe('logic');
    expect(codeOf('S S 1.0 lb')).toBe('unit');
    expect(codeOf('garbage here')).toBe('protocol');
  });

  it('converts mg and kg readings to grams', () => {
    expect(expectWeight(interpret('S S   1234.5 mg', 'S', undefined), 'S')).toMatchObject({ massG: 1.2345, stable: true, unit: 'mg' });
    expect(expectWeight(interpret('S D   0.12345 kg', 'SI', undefined), 'SI')).toMatchObject({ massG: 123.45, stable: false });
  });

  it('parses mtsics:PATH[@BAUD]', () => {
    expect(parseBalanceSpec('mtsics:/dev/ttyUSB0')).toEqual({ kind: 'mtsics', path: '/dev/ttyUSB0', baudRate: 9600 });
    expect(parseBalanceSpec('mtsics:/dev/ttyUSB0@19200')).toEqual({ kind: 'mtsics', path: '/dev/ttyUSB0', baudRate: 19200 });
    expect(parseBalanceSpec('sbi:/dev/ttyUSB0')).toBeUndefined();
  });
});
