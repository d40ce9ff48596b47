import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineAssembler, MAX_LINE_BYTES, type AssembledLine } from '../../../protocols/hai/index.ts';

const bytes = (text: string): Uint8Array => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
const feed = (chunks: readonly Uint8Array[]): AssembledLine[] => {
  const assembler = new LineAssembler();
  return chunks.flatMap((chunk) => assembler.push(chunk));
};
/** Splits `data` at the given cut points. */
const chunked = (data: Uint8Array, cuts: readonly number[]): Uint8Array[] => {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let start = 0;
  for (const p of points) {
    out.push(data.subarray(start, p));
    start = p;
  }
  out.push(data.subarray(start));
  return out;
};

describe('LineAssembler', () => {
  it('cuts at LF and strips one CR before it', () => {
    expect(feed([bytes('*IDN?\nPUMP:VOL?\r\n\n\r\r\n')])).toEqual([
      { kind: 'line', text: '*IDN?' },
      { kind: 'line', text: 'PUMP:VOL?' },
      { kind: 'line', text: '' },
      { kind: 'line', text: '\r' },
    ]);
  });

  it('holds a partial line across pushes', () => {
    const a = new LineAssembler();
    expect(a.push(bytes('PUMP:'))).toEqual([]);
    expect(a.pendingBytes).toBe(5);
    expect(a.push(bytes('VOL?'))).toEqual([]);
    expect(a.push(bytes('\n'))).toEqual([{ kind: 'line', text: 'PUMP:VOL?' }]);
    expect(a.pendingBytes).toBe(0);
  });

  it('passes non-ASCII bytes through as Latin-1 so the parser can answer -102', () => {
    expect(feed([Uint8Array.from([0x41, 0x00, 0xff, 0x0a])])).toEqual([{ kind: 'line', text: 'A\u0000\u00ff' }]);
  });

  it('accepts exactly 256 bytes including the terminator, LF or CR LF', () => {
    const lf = 'A'.repeat(255);
    const crlf = 'B'.repeat(254);
    expect(feed([bytes(`${lf}\n${crlf}\r\n`)])).toEqual([
      { kind: 'line', text: lf },
      { kind: 'line', text: crlf },
    ]);
  });

  it('drops a 257-byte line up to its LF and reports one overflow, then recovers', () => {
    expect(feed([bytes(`${'A'.repeat(256)}\n*IDN?\n`)])).toEqual([{ kind: 'overflow' }, { kind: 'line', text: '*IDN?' }]);
    // 255 bytes + CR + LF is 257 bytes: over the limit too.
    expect(feed([bytes(`${'A'.repeat(255)}\r\n`)])).toEqual([{ kind: 'overflow' }]);
  });

  it('handles an over-long line split across many chunks, one overflow per line', () => {
    const data = bytes(`${'X'.repeat(1000)}\nOK1\n${'Y'.repeat(300)}\r\nOK2\n`);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        expect(feed(chunked(data, cuts))).toEqual([
          { kind: 'overflow' },
          { kind: 'line', text: 'OK1' },
          { kind: 'overflow' },
          { kind: 'line', text: 'OK2' },
        ]);
      }),
    );
  });

  it('emits the overflow only when the LF arrives (replies stay in request order)', () => {
    const a = new LineAssembler();
    expect(a.push(bytes('Z'.repeat(600)))).toEqual([]);
    expect(a.pendingBytes).toBe(0);
    expect(a.push(bytes('ZZ\n'))).toEqual([{ kind: 'overflow' }]);
  });

  it('reset() forgets a partial line', () => {
    const a = new LineAssembler();
    a.push(bytes('garbage'));
    a.reset();
    expect(a.push(bytes('*IDN?\n'))).toEqual([{ kind: 'line', text: '*IDN?' }]);
  });

  it('chunking never changes the result', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 20 }), (data, cuts) => {
        expect(feed(chunked(data, cuts))).toEqual(feed([data]));
      }),
    );
  });

  it('random bytes never throw and every line fits in 256 bytes with its terminator', () => {
    const lfHeavy = fc.uint8Array({ maxLength: 3000 }).map((d) => d.map((b) => (b % 97 === 0 ? 0x0a : b)));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 3000 }), lfHeavy), fc.array(fc.nat(), { maxLength: 20 }), (data, cuts) => {
        const out = feed(chunked(data, cuts));
        const lfCount = data.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 0);
        expect(out.length).toBe(lfCount);
        for (const item of out) if (item.kind === 'line') expect(item.text.length + 1).toBeLessThanOrEqual(MAX_LINE_BYTES);
      }),
    );
  });
});
