import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendCrc, formatCrcHex, hasCrcSuffix, splitCrc } from '../../../protocols/hai/index.ts';
import { crc16Xmodem } from '../../../protocols/shared/crc16-xmodem.ts';

/** Independent oracle: the bitwise definition, no table, no library. */
function oracle(bytes: Iterable<number>): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

describe('CRC-16/XMODEM', () => {
  it('has the standard check value 0x31C3 for "123456789"', () => {
    expect(oracle(ascii('123456789'))).toBe(0x31c3);
    expect(crc16Xmodem('123456789')).toBe(0x31c3);
    expect(crc16Xmodem(new TextEncoder().encode('123456789'))).toBe(0x31c3);
  });

  // Copied literally from PROTOCOL.md section 3.
  const WORKED: ReadonlyArray<[body: string, crcHex: string, wire: string]> = [
    ['*IDN?', 'FBE3', '*IDN?*FBE3'],
    ['OK', 'E45D', 'OK*E45D'],
    ['PUMP:VOL?', '6EEC', 'PUMP:VOL?*6EEC'],
    ['12.3456', '8099', '12.3456*8099'],
    ['PUMP:FILL FUDR,30', 'B821', 'PUMP:FILL FUDR,30*B821'],
    ['ERR -361,"CRC mismatch"', 'F1CC', 'ERR -361,"CRC mismatch"*F1CC'],
    ['!ALARM 201,MEDIUM,"Low reservoir"', 'E8A2', '!ALARM 201,MEDIUM,"Low reservoir"*E8A2'],
  ];

  it.each(WORKED)('worked example %s → %s', (body, crcHex, wire) => {
    expect(formatCrcHex(oracle(ascii(body)))).toBe(crcHex);
    expect(formatCrcHex(crc16Xmodem(body))).toBe(crcHex);
    expect(appendCrc(body)).toBe(wire);
    expect(splitCrc(wire)).toEqual({ body, crc: { given: Number.parseInt(crcHex, 16), computed: Number.parseInt(crcHex, 16), ok: true } });
  });

  it('hand-worked register trace for *IDN? matches PROTOCOL.md', () => {
    const trace = [0x8528, 0x30c0, 0xfe13, 0xb4db, 0xfbe3];
    const body = '*IDN?';
    for (let i = 1; i <= body.length; i++) expect(crc16Xmodem(body.slice(0, i))).toBe(trace[i - 1]);
  });

  it('PROTOCOL.md worked-example table agrees with the oracle (spec and code stay in sync)', () => {
    const spec = readFileSync(new URL('../../../protocols/hai/PROTOCOL.md', import.meta.url), 'utf8');
    const rows = [...spec.matchAll(/^\| `([^`]+)` \| `([0-9A-F]{4})`[^|]*\| (?:`([^`]+)`)? *\|$/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const [, body = '', hex = '', wire] of rows) {
      expect(formatCrcHex(oracle(ascii(body)))).toBe(hex);
      if (wire !== undefined) expect(wire).toBe(`${body}*${hex}`);
    }
    // Unsolicited examples in section 6 carry CRCs too.
    const unsolicited = [...spec.matchAll(/`(![^`]*)\*([0-9A-F]{4})`/g)];
    expect(unsolicited.length).toBe(5);
    for (const [, body = '', hex = ''] of unsolicited) expect(formatCrcHex(oracle(ascii(body)))).toBe(hex);
  });

  it('matches the oracle on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => crc16Xmodem(bytes) === oracle(bytes)));
  });

  it('recognises a suffix only as the last * followed by exactly 4 hex digits at the end', () => {
    expect(hasCrcSuffix('*IDN?')).toBe(false);
    expect(hasCrcSuffix('*RST')).toBe(false);
    expect(hasCrcSuffix('*CLS')).toBe(false);
    expect(hasCrcSuffix('*IDN?*FBE3')).toBe(true);
    expect(hasCrcSuffix('*IDN?*fbe3')).toBe(true);
    expect(hasCrcSuffix('*IDN?*FBE')).toBe(false);
    expect(hasCrcSuffix('*IDN?*FBE33')).toBe(false);
    expect(hasCrcSuffix('*IDN?*FBE3 ')).toBe(false);
    expect(hasCrcSuffix('X*12*34')).toBe(false);
    expect(splitCrc('*IDN?')).toEqual({ body: '*IDN?' });
    expect(splitCrc('*IDN?*fbe3').crc?.ok).toBe(true);
    expect(splitCrc('*IDN?*FBE4').crc).toEqual({ given: 0xfbe4, computed: 0xfbe3, ok: false });
  });

  it('appendCrc then splitCrc round-trips any printable body', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }), (body) => {
        const split = splitCrc(appendCrc(body));
        return split.body === body && split.crc?.ok === true;
      }),
    );
  });
});
