import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, formatCommand, formatReply, parseCommand, parseReply, type Reply } from '../../../protocols/mtsics/index.ts';

const tokenish = fc.constantFrom(
  'S',
  'SI',
  'Z',
  'ZI',
  'T',
  'TI',
  'TA',
  'TAC',
  'I2',
  'I4',
  'A',
  'B',
  'D',
  'I',
  '+',
  '-',
  'L',
  'g',
  'mg',
  'kg',
  '"',
  '100.00',
  '-1',
  'ES',
  '',
);
const nearMiss = fc.array(tokenish, { maxLength: 6 }).map((parts) => parts.join(' '));
const anyLine = fc.oneof(fc.string({ maxLength: 60 }), nearMiss, fc.string({ unit: 'binary', maxLength: 60 }));

describe('fuzz: random lines never throw', () => {
  it('parseReply and parseCommand return a result for any line', () => {
    fc.assert(
      fc.property(anyLine, (line) => {
        const reply = parseReply(line);
        expect(typeof reply.ok).toBe('boolean');
        const command = parseCommand(line);
        expect(typeof command.ok).toBe('boolean');
        // whatever the balance side decides to answer is itself a valid reply line
        if (!command.ok) expect(parseReply(formatReply(command.reply)).ok).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
  it('the splitter never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 400 })), (chunks) => {
        const splitter = new LineSplitter(64);
        for (const chunk of chunks) for (const line of splitter.push(chunk)) expect(line.length).toBeLessThanOrEqual(64);
      }),
    );
  });
});

const unit = fc.constantFrom('g' as const, 'mg' as const, 'kg' as const);
const centi = fc.integer({ min: -99_999_999, max: 99_999_999 }).map((n) => n / 100);

const replyArb: fc.Arbitrary<Reply> = fc.oneof(
  fc.record({ stable: fc.boolean(), value: centi, unit }).map((r): Reply => ({ kind: 'weight', ...r, valueG: gramsOf(r.value, r.unit) })),
  fc
    .record({ stable: fc.boolean(), value: centi, unit })
    .map((r): Reply => ({ kind: 'tare', command: 'TI', ...r, valueG: gramsOf(r.value, r.unit) })),
  fc.record({ value: centi, unit }).map((r): Reply => ({ kind: 'tareValue', ...r, valueG: gramsOf(r.value, r.unit) })),
  fc.boolean().map((stable): Reply => ({ kind: 'zeroed', command: 'ZI', stable })),
  fc.stringMatching(/^[A-Za-z0-9 ]{0,20}$/).map((serial): Reply => ({ kind: 'serialNumber', serial })),
  fc.constantFrom<Reply>({ kind: 'error', code: 'ES' }, { kind: 'overload', command: 'S' }, { kind: 'tareCleared' }),
);

function gramsOf(value: number, u: 'g' | 'mg' | 'kg'): number {
  return u === 'g' ? value : u === 'mg' ? value / 1000 : value * 1000;
}

describe('round trips', () => {
  it('parseReply(formatReply(r)) = r', () => {
    fc.assert(
      fc.property(replyArb, (reply) => {
        const parsed = parseReply(formatReply(reply));
        expect(parsed).toEqual({ ok: true, reply });
      }),
    );
  });
  it('parseCommand(formatCommand(c)) = c for tare presets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 1000),
        unit,
        (value, u) => {
          expect(parseCommand(formatCommand({ name: 'TA', preset: { value, unit: u } }))).toEqual({
            ok: true,
            command: { name: 'TA', preset: { value, unit: u } },
          });
        },
      ),
    );
  });
});
