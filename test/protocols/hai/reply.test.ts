import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatError, formatErrorReply, formatOk, formatReply, formatValue, haiError } from '../../../protocols/hai/index.ts';
import { decodeRequestLine, LineAssembler, parseReply, type HaiReply } from '../../../protocols/hai/index.ts';

describe('reply envelope', () => {
  it('formats byte-exact lines (PROTOCOL.md examples)', () => {
    expect(formatOk()).toBe('OK');
    expect(formatOk({ crc: true })).toBe('OK*E45D');
    expect(formatValue('12.3456', { crc: true })).toBe('12.3456*8099');
    expect(formatError(-361, 'CRC mismatch', { crc: true })).toBe('ERR -361,"CRC mismatch"*F1CC');
    expect(formatErrorReply(haiError('overCapacity'))).toBe('ERR 101,"Reservoir over capacity"');
    expect(formatErrorReply(haiError('inputBufferOverrun'))).toBe('ERR -363,"Input buffer overrun"');
    expect(formatError(-113, 'Undefined header;"X"')).toBe('ERR -113,"Undefined header;""X"""');
  });

  it('parses OK, values and errors, with and without CRC', () => {
    expect(parseReply('OK')).toEqual({ ok: true, reply: { kind: 'ok' }, crc: false });
    expect(parseReply('OK*E45D')).toEqual({ ok: true, reply: { kind: 'ok' }, crc: true });
    expect(parseReply('12.3456*8099')).toEqual({ ok: true, reply: { kind: 'value', text: '12.3456' }, crc: true });
    expect(parseReply('0,"No error"')).toEqual({ ok: true, reply: { kind: 'value', text: '0,"No error"' }, crc: false });
    expect(parseReply('ERR -361,"CRC mismatch"*F1CC')).toEqual({
      ok: true,
      reply: { kind: 'error', code: -361, message: 'CRC mismatch' },
      crc: true,
    });
    expect(parseReply('ERR -113,"a ""b"" c"')).toMatchObject({ reply: { kind: 'error', code: -113, message: 'a "b" c' } });
  });

  it('never takes a ! line as a reply and flags damaged lines', () => {
    expect(parseReply('!ALARM 201,MEDIUM,"Low reservoir"*E8A2')).toMatchObject({ ok: false, reason: 'unsolicited' });
    expect(parseReply('OK*E45E')).toMatchObject({ ok: false, reason: 'crc-mismatch' });
    expect(parseReply('OK', { requireCrc: true })).toMatchObject({ ok: false, reason: 'crc-missing' });
    expect(parseReply('ERR x')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseReply('O\u00ffK')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseReply('')).toMatchObject({ ok: false, reason: 'blank' });
  });

  it('refuses value texts the spec forbids', () => {
    for (const bad of ['OK', 'ERR 1', '!x', 'a*b', '', 'x'.repeat(300), 'tab\u0000']) {
      expect(() => formatValue(bad)).toThrow(RangeError);
    }
  });

  it('keeps any error line within 256 bytes and round-trips printable messages', () => {
    fc.assert(
      fc.property(fc.integer({ min: -999, max: 999 }), fc.string({ maxLength: 400 }), fc.boolean(), (code, message, crc) => {
        const line = formatError(code, message, { crc });
        expect(line.length + 1).toBeLessThanOrEqual(256);
        const parsed = parseReply(line);
        expect(parsed.ok).toBe(true);
        if (parsed.ok && parsed.reply.kind === 'error') {
          expect(parsed.reply.code).toBe(code);
          if (/^[\x20-\x7E]{0,100}$/.test(message)) expect(parsed.reply.message).toBe(message);
        }
      }),
    );
  });

  it('round-trips replies', () => {
    const reply: fc.Arbitrary<HaiReply> = fc.oneof(
      fc.constant<HaiReply>({ kind: 'ok' }),
      fc
        .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 200 })
        .filter((t) => !t.includes('*') && !t.startsWith('!') && t !== 'OK' && !t.startsWith('ERR ') && t.trim() !== '')
        .map((text): HaiReply => ({ kind: 'value', text })),
      fc
        .record({
          code: fc.integer({ min: -999, max: 999 }),
          message: fc.string({ maxLength: 100 }).filter((m) => /^[\x20-\x7E]*$/.test(m)),
        })
        .map((e): HaiReply => ({ kind: 'error', ...e })),
    );
    fc.assert(
      fc.property(reply, fc.boolean(), (r, crc) => {
        expect(parseReply(formatReply(r, { crc }))).toEqual({ ok: true, reply: r, crc });
      }),
    );
  });

  it('parseReply never throws on random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => void parseReply(text)));
  });
});

describe('device side, end to end: bytes in, one reply line per request line', () => {
  it('answers a CRC request with CRC, an over-long line with -363, and ignores a blank line', () => {
    const assembler = new LineAssembler();
    const input = new TextEncoder().encode(`*IDN?*FBE4\r\n\n${'A'.repeat(300)}\nPUMP:FILL FUDR,30*B821\n`);
    const replies = assembler
      .push(input)
      .map(decodeRequestLine)
      .filter((r) => r !== null)
      .map((r) => (r.ok ? formatOk({ crc: r.crc }) : formatErrorReply(r.error, { crc: r.crc })));
    expect(replies).toEqual(['ERR -361,"CRC mismatch"*F1CC', 'ERR -363,"Input buffer overrun"', 'OK*E45D']);
  });
});
