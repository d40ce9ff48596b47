import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HarvardCommandSplitter,
  HarvardReplyAssembler,
  formatHarvardReply,
  formatHarvardStatusLine,
  parseHarvardDiameterLine,
  parseHarvardRateLimitsLine,
  parseHarvardRateLine,
  parseHarvardStatusLine,
  parseHarvardTargetVolumeLine,
  parseHarvardVolumeLine,
} from '../../../protocols/harvard/index.ts';
import type { HarvardPromptText } from '../../../protocols/harvard/index.ts';

describe('formatHarvardReply', () => {
  it('empty first line, body lines, prompt without line end', () => {
    expect(formatHarvardReply({ lines: ['3.2 ul/min'], prompt: ':' })).toBe('\r\n3.2 ul/min\r\n:');
    expect(formatHarvardReply({ lines: [], prompt: '>' })).toBe('\r\n>');
    expect(formatHarvardReply({ lines: ['Out of range'], prompt: 'T*', address: 1 })).toBe('\r\nOut of range\r\n01T*');
  });
});

describe('HarvardReplyAssembler', () => {
  it('assembles a reply fed byte by byte, with state and error', () => {
    const a = new HarvardReplyAssembler();
    const text = '\r\nUnknown command\r\n:' + '\r\n1.27 pl/min to 88.28 ml/min\r\n12>';
    const replies = [...text].flatMap((ch) => a.push(ch));
    expect(replies).toEqual([
      { prompt: ':', state: 'idle', lines: ['Unknown command'], error: 'Unknown command' },
      { address: 12, prompt: '>', state: 'infusing', lines: ['1.27 pl/min to 88.28 ml/min'] },
    ]);
    expect(a.hasPartial).toBe(false);
  });

  it('T* is not mistaken for * when split between chunks', () => {
    const a = new HarvardReplyAssembler();
    expect(a.push('\r\nT')).toEqual([]);
    expect(a.push(new TextEncoder().encode('*'))).toMatchObject([{ prompt: 'T*', state: 'target-reached' }]);
  });

  const line = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !/^(\d{2})?(T\*|[:<>*])/.test(s));
  // Body lines never START with a prompt (numbers, words, status fields): a line that did
  // could be cut right after that prefix and look like a finished reply (documented limit).
  const reply = fc.record({
    lines: fc.array(line, { maxLength: 4 }),
    prompt: fc.constantFrom<HarvardPromptText>(':', '>', '<', '*', 'T*'),
    address: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
  });

  it('any replies, cut at any points, come out whole and in order (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(reply, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 30 }), (replies, cuts) => {
        const text = replies.map((r) => formatHarvardReply(r)).join('');
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
        const a = new HarvardReplyAssembler();
        const got = [];
        let prev = 0;
        for (const p of [...points, text.length]) {
          got.push(...a.push(text.slice(prev, p)));
          prev = p;
        }
        expect(got.map((r) => ({ lines: r.lines.map((l) => l), prompt: r.prompt, address: r.address }))).toEqual(
          replies.map((r) => ({ lines: r.lines.map((l) => l), prompt: r.prompt, address: r.address })),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const a = new HarvardReplyAssembler({ maxLineBytes: 64 });
        a.push(bytes);
      }),
    );
  });
});

describe('HarvardCommandSplitter (pump side)', () => {
  it('CR ends a line, LF ignored, blank lines skipped', () => {
    const s = new HarvardCommandSplitter();
    expect([...'irat 3.2 ul/min\r\n\r\nirun\r'].flatMap((ch) => s.push(ch))).toEqual([{ line: 'irat 3.2 ul/min' }, { line: 'irun' }]);
  });
  it('an over-long line is reported once', () => {
    const s = new HarvardCommandSplitter(8);
    expect(s.push('x'.repeat(20) + '\rirun\r')).toEqual([{ overflow: true }, { line: 'irun' }]);
  });
});

describe('typed body lines', () => {
  it('rate, limits, volume, diameter, target', () => {
    expect(parseHarvardRateLine('3.2 ul/min')).toMatchObject({ value: 3.2, units: 'ul/min' });
    expect(parseHarvardRateLine('3.2 ul/min')?.mlPerMin).toBeCloseTo(0.0032, 12);
    const lim = parseHarvardRateLimitsLine('1.27 pl/min to 88.28 ml/min');
    expect(lim?.min.mlPerMin).toBeCloseTo(1.27e-9, 15);
    expect(lim?.max.mlPerMin).toBeCloseTo(88.28, 10);
    expect(parseHarvardVolumeLine('1.234 ml')).toEqual({ value: 1.234, units: 'ml', ml: 1.234 });
    expect(parseHarvardDiameterLine('26.5900 mm')).toBe(26.59);
    expect(parseHarvardTargetVolumeLine('Target volume not set')).toEqual({ set: false });
    expect(parseHarvardTargetVolumeLine('5 ml')).toMatchObject({ set: true, volume: { ml: 5 } });
    expect(parseHarvardRateLine('fast')).toBeNull();
  });
  it('status: fL/s, time, fL, flags', () => {
    // 1e9 fL/s = 1e-3 mL/s = 0.06 mL/min; 5e11 fL = 0.5 mL
    const s = parseHarvardStatusLine('1000000000 12 500000000000 i.S.I');
    expect(s).toMatchObject({ rateFlPerS: 1e9, time: 12, volumeFl: 5e11, direction: 'infuse', limit: null, stalled: true, triggered: false, directionPin: 'infuse' });
    expect(s?.rateMlPerMin).toBeCloseTo(0.06, 12);
    expect(s?.volumeMl).toBeCloseTo(0.5, 12);
    expect(parseHarvardStatusLine('0 0 0 wW.TW')).toMatchObject({ direction: 'withdraw', limit: 'withdraw', triggered: true, directionPin: 'withdraw' });
    expect(parseHarvardStatusLine('0 0 0 x....')).toBeNull();
    if (s !== null) expect(formatHarvardStatusLine(s)).toBe('1000000000 12 500000000000 i.S.I');
  });
});
