// Replies of the Harvard "Ultra" set: the pump-side formatter against byte strings written by
// hand from the manual's grammar (`<lf>[##:]text<cr>` lines, then `<lf>[##]<prompt>`), and the
// host-side assembler fed those bytes in every possible chunking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HarvardCommandSplitter,
  HarvardReplyAssembler,
  formatHarvardReplyNumber,
  formatHarvardReply,
  formatHarvardStatusLine,
  harvardErrorLines,
  // the host-side line parsers, in the order the tests below take them
  parsePromptLine,
  parseHarvardRateLine,
  parseHarvardRateLimitsLine,
  parseHarvardCurrentRateLine,
  parseHarvardVolumeLine,
  parseHarvardDiameterLine,
  parseHarvardTargetVolumeLine,
  parseHarvardStatusLine,
} from '../../../protocols/harvard/index.ts';
import type { HarvardReply } from '../../../protocols/harvard/index.ts';

describe('formatHarvardReply (pump side) [M]', () => {
  it.each([
    [{ lines: [' 11 Elite 3.0.4'], prompt: ':' as const, address: 6 }, '\n06: 11 Elite 3.0.4\r\n06:'],
    [{ lines: [], prompt: ':' as const, address: 6 }, '\n06:'],
    [{ lines: [], prompt: '>' as const, address: 12 }, '\n12>'],
    [{ lines: ['14.4300 mm'], prompt: 'T*' as const, address: 0 }, '\n14.4300 mm\r\nT*'],
    [{ lines: [], prompt: ':' as const, address: 0 }, '\n:'],
    [{ lines: [], prompt: '*' as const, address: 6, xon: true }, '\n06*\x11'],
    [{ lines: ['a', 'b'], prompt: '<' as const, address: 1 }, '\n01:a\r\n01:b\r\n01<'],
  ])('%j', (reply, bytes) => expect(formatHarvardReply(reply)).toBe(bytes));

  it('errors are two lines, the message indented by three spaces [M]', () => {
    expect(harvardErrorLines({ kind: 'argument', argument: '99999', message: 'Out of range' })).toEqual([
      'Argument error: 99999',
      '   Out of range',
    ]);
    expect(harvardErrorLines({ kind: 'argument', argument: undefined, message: 'Missing argument' })).toEqual([
      'Argument error:',
      '   Missing argument',
    ]);
    expect(harvardErrorLines({ kind: 'command', message: 'Unknown command' })).toEqual(['Command error:', '   Unknown command']);
  });

  it('refuses what no pump prints', () => {
    expect(() => formatHarvardReply({ lines: ['a\rb'], prompt: ':', address: 0 })).toThrow(RangeError);
    expect(() => formatHarvardReply({ lines: [], prompt: ':', address: 100 })).toThrow(RangeError);
  });

  it('numbers in replies: 6 significant digits, zeros kept [? from the reference: `1.00000 ml/min`]', () => {
    expect(formatHarvardReplyNumber(1)).toBe('1.00000');
    expect(formatHarvardReplyNumber(3.2)).toBe('3.20000');
    expect(formatHarvardReplyNumber(250)).toBe('250.000');
    expect(formatHarvardReplyNumber(88.28894)).toBe('88.2889');
    expect(formatHarvardReplyNumber(9.999996)).toBe('10.0000');
    expect(formatHarvardReplyNumber(1234567)).toBe('1234567');
    expect(formatHarvardReplyNumber(0)).toBe('0');
  });
});

const feed = (assembler: HarvardReplyAssembler, chunks: readonly string[]): HarvardReply[] => chunks.flatMap((c) => assembler.push(c));

describe('HarvardReplyAssembler (host side)', () => {
  it('pump 6: body lines without the prefix, the address from the prompt', () => {
    const replies = feed(new HarvardReplyAssembler(), ['\n06:3.20000 ul/min\r\n06:', '\n06>']);
    // `06:` is pump 6's idle prompt or the start of its next line: settled by the next LF.
    expect(replies).toEqual([
      { address: 6, prompt: ':', state: 'idle', lines: ['3.20000 ul/min'], xon: false },
      { address: 6, prompt: '>', state: 'infusing', lines: [], xon: false },
    ]);
  });

  it('a pending `06:` becomes the prompt on flush (the line went quiet), or on an XON', () => {
    const a = new HarvardReplyAssembler();
    expect(a.push('\n06: 11 Elite 3.0.4\r\n06:')).toEqual([]);
    expect(a.promptPending).toBe(true);
    expect(a.flush()).toEqual([{ address: 6, prompt: ':', state: 'idle', lines: [' 11 Elite 3.0.4'], xon: false }]);
    expect(a.hasPartial).toBe(false);
    expect(a.push('\n06:\x11')).toEqual([{ address: 6, prompt: ':', state: 'idle', lines: [], xon: true }]);
  });

  it('unambiguous prompts complete at once: `:` of pump 0, `06>`, `06T*`, `06*`', () => {
    expect(new HarvardReplyAssembler().push('\n100.000 ul\r\n:')).toEqual([
      { prompt: ':', state: 'idle', lines: ['100.000 ul'], xon: false },
    ]);
    expect(new HarvardReplyAssembler().push('\n06>')).toMatchObject([{ address: 6, prompt: '>' }]);
    expect(new HarvardReplyAssembler().push('\n06:500.000 ul\r\n06T*')).toMatchObject([
      { address: 6, prompt: 'T*', state: 'target-reached', lines: ['500.000 ul'] },
    ]);
    expect(new HarvardReplyAssembler().push('\n06*')).toMatchObject([{ address: 6, prompt: '*', state: 'stalled' }]);
  });

  it('parses the two-line errors [M]', () => {
    const [arg] = new HarvardReplyAssembler().push('\n06:Argument error: 99999\r\n06:   Out of range\r\n06>');
    expect(arg?.error).toEqual({ kind: 'argument', argument: '99999', message: 'Out of range' });
    const [cmd] = new HarvardReplyAssembler().push('\nCommand error:\r\n   Unknown command\r\n:');
    expect(cmd?.error).toEqual({ kind: 'command', message: 'Unknown command' });
  });

  it('a time `00:00:30` at address 0 is a body line, not an address', () => {
    expect(feed(new HarvardReplyAssembler(), ['\n00:', '00:30\r\n:'])).toEqual([
      { prompt: ':', state: 'idle', lines: ['00:00:30'], xon: false },
    ]);
  });

  it('a blank body line `06:` + CR is a line, not the prompt', () => {
    expect(feed(new HarvardReplyAssembler(), ['\n06:a\r\n06:', '\r\n06:b\r\n06>'])).toEqual([
      { address: 6, prompt: '>', state: 'infusing', lines: ['a', '', 'b'], xon: false },
    ]);
  });

  const STREAM = '\n06: 11 Elite 3.0.4\r\n06>\n06:Argument error: 99999\r\n06:   Out of range\r\n06>\n06:3.20000 ul/min\r\n06T*\n06:';
  const EXPECTED = [
    { address: 6, prompt: '>', lines: [' 11 Elite 3.0.4'] },
    { address: 6, prompt: '>', lines: ['Argument error: 99999', '   Out of range'] },
    { address: 6, prompt: 'T*', lines: ['3.20000 ul/min'] },
    { address: 6, prompt: ':', lines: [] },
  ];

  it('any chunking gives the same replies (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: STREAM.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...new Set(cuts)].sort((x, y) => x - y);
        const chunks = points.map((p, i) => STREAM.slice(p, points[i + 1] ?? STREAM.length));
        const a = new HarvardReplyAssembler();
        const got = [...feed(a, chunks), ...a.flush()];
        expect(got.map((r) => ({ address: r.address, prompt: r.prompt, lines: r.lines }))).toEqual(EXPECTED);
      }),
    );
  });

  it('drops a line that grows past the limit and keeps going', () => {
    const a = new HarvardReplyAssembler({ maxLineBytes: 16 });
    expect(a.push(`\n${'x'.repeat(40)}`)).toEqual([]);
    expect(a.droppedBytes).toBeGreaterThan(0);
    expect(a.push('\r\n:')).toMatchObject([{ prompt: ':' }]);
  });

  it('prompt lines', () => {
    expect(parsePromptLine('06T*')).toEqual({ address: 6, prompt: 'T*', xon: false });
    expect(parsePromptLine(':\x11')).toEqual({ prompt: ':', xon: true });
    expect(parsePromptLine('6:')).toBeNull();
    expect(parsePromptLine('T')).toBeNull();
  });
});

describe('HarvardCommandSplitter (pump side)', () => {
  it('CR ends a line; LF is ignored, so CR LF is one line end [C: flowchem sends CR LF]', () => {
    const s = new HarvardCommandSplitter();
    expect(s.push('6stp \r\n6 \r\n')).toEqual([{ line: '6stp ' }, { line: '6 ' }]);
    expect(s.push('\r')).toEqual([{ line: '' }]);
    expect(s.push('ver\n')).toEqual([]);
    expect(s.push('\r')).toEqual([{ line: 'ver' }]);
  });

  it('backspace edits; control and non-ASCII bytes are dropped [?]', () => {
    const s = new HarvardCommandSplitter();
    expect(s.push('vex\bR\x01\xff\r')).toEqual([{ line: 'veR' }]);
  });

  it('a line over the limit is reported once as an overflow', () => {
    const s = new HarvardCommandSplitter(8);
    expect(s.push(`${'x'.repeat(20)}\r`)).toEqual([{ overflow: true }]);
    expect(s.push('ver\r')).toEqual([{ line: 'ver' }]);
  });
});

describe('typed body lines', () => {
  it('rates, limits, crate, volumes, diameter, target', () => {
    expect(parseHarvardRateLine('3.20000 ul/min')).toEqual({ value: 3.2, units: 'ul/min', mlPerMin: expect.closeTo(0.0032, 12) as number });
    const lim = parseHarvardRateLimitsLine('1.27000 pl/min to 88.2889 ml/min');
    expect(lim?.min.mlPerMin).toBeCloseTo(1.27e-9, 18);
    expect(lim?.max.mlPerMin).toBeCloseTo(88.2889, 9);
    expect(parseHarvardCurrentRateLine('Withdrawing at 2.00000 ml/hr')).toMatchObject({ direction: 'withdraw', rate: { units: 'ml/hr' } });
    expect(parseHarvardVolumeLine('250.000 ul')?.ml).toBeCloseTo(0.25, 12);
    expect(parseHarvardVolumeLine('x ul')).toBeNull();
    expect(parseHarvardDiameterLine('14.4300 mm')).toBe(14.43);
    expect(parseHarvardTargetVolumeLine('Target volume not set')).toEqual({ set: false });
    expect(parseHarvardTargetVolumeLine(' 500.000 ul')).toMatchObject({ set: true, volume: { ml: 0.5 } });
  });

  it('status, Elite form [M]: 6 flags, upper case while the motor runs; worked by hand', () => {
    // 1 mL/min = 1e12 fL / 60 s = 16666666667 fL/s; 15 s = 840,000,000 ticks of 1/56,000,000 s.
    const s = parseHarvardStatusLine('16666666667 840000000 250000000000 I...I.');
    expect(s).toMatchObject({
      direction: 'infuse',
      motorRunning: true,
      limit: null,
      stalled: false,
      triggered: false,
      directionPort: 'infuse',
      targetReached: false,
      time: 840000000,
    });
    expect(s?.rateMlPerMin).toBeCloseTo(1, 9);
    expect(s?.volumeMl).toBeCloseTo(0.25, 12);
    expect(parseHarvardStatusLine('0 1680000000 500000000000 i...IT')).toMatchObject({ motorRunning: false, targetReached: true });
    expect(parseHarvardStatusLine('0 0 0 w.S.W.')).toMatchObject({ direction: 'withdraw', stalled: true, directionPort: 'withdraw' });
  });

  it('status, PHD ULTRA Rev A form [M p. 88]: 5 flags, lower case', () => {
    expect(parseHarvardStatusLine('0 15 250000000000 i...I')).toMatchObject({ motorRunning: null, targetReached: null, time: 15 });
    expect(parseHarvardStatusLine('0 15 2 x...I')).toBeNull();
  });

  it('formats both forms', () => {
    const fields = {
      rateFlPerS: 16666666666.67,
      time: 840000000,
      volumeFl: 25e10,
      direction: 'infuse' as const,
      motorRunning: true,
      limit: null,
      stalled: false,
      triggered: false,
      directionPort: 'infuse' as const,
      targetReached: false,
    };
    expect(formatHarvardStatusLine(fields, { flags: 6, directionCaseShowsMotion: true })).toBe('16666666667 840000000 250000000000 I...I.');
    expect(formatHarvardStatusLine({ ...fields, time: 15 }, { flags: 5, directionCaseShowsMotion: false })).toBe(
      '16666666667 15 250000000000 i...I',
    );
  });
});
