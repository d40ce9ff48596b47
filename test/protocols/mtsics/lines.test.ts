import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../protocols/mtsics/index.ts';

describe('LineSplitter', () => {
  it('splits CR LF lines', () => {
    expect(new LineSplitter().push('S S     100.00 g\r\nZ A\r\n')).toEqual(['S S     100.00 g', 'Z A']);
  });
  it('joins a line split anywhere, including between CR and LF', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('S S   ')).toEqual([]);
    expect(splitter.push('  100.00 g\r')).toEqual([]);
    expect(splitter.push('\nZ')).toEqual(['S S     100.00 g']);
    expect(splitter.pending()).toBe('Z');
    expect(splitter.push(' A\r\n')).toEqual(['Z A']);
  });
  it('accepts bytes', () => {
    expect(new LineSplitter().push(new TextEncoder().encode('ES\r\n'))).toEqual(['ES']);
  });
  it('skips empty lines and drops over-long ones up to their LF', () => {
    const splitter = new LineSplitter(8);
    expect(splitter.push('\r\n0123456789ABCDEF')).toEqual([]);
    expect(splitter.push('more noise\r\nES\r\n')).toEqual(['ES']);
    expect(splitter.droppedLines).toBe(1);
  });
  it('property: any chunking gives the same lines as one push', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[ -~]{1,20}$/), { maxLength: 10 }), fc.array(fc.nat(), { maxLength: 10 }), (lines, cuts) => {
        const text = lines.map((line) => `${line}\r\n`).join('');
        const expected = lines.map((line) => line);
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const splitter = new LineSplitter();
        const got: string[] = [];
        let from = 0;
        for (const point of [...points, text.length]) {
          got.push(...splitter.push(text.slice(from, point)));
          from = point;
        }
        expect(got).toEqual(expected.filter((line) => line.length > 0));
      }),
    );
  });
});
