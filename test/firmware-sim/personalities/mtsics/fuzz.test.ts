import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Beaker, constantFlow } from '../../../../firmware-sim/personalities/mtsics/index.ts';
import { startInProcessMtSics } from '../../../../firmware-sim/personalities/mtsics/in-process.ts';
import { COMMAND_NAMES, parseReply } from '../../../../protocols/mtsics/index.ts';

const CORPUS = [...COMMAND_NAMES, 'TA 12.5 g', 'TA 1 kg', 'TA 100 mg', 'TA -1 g', 'TA 1e3 g', 'TA 999 g', 's', 'si', 'S S', 'SIR X', ''];

const line = fc.oneof(
  fc.constantFrom(...CORPUS).map((text) => Buffer.from(`${text}\r\n`, 'latin1')),
  fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes)),
  fc.tuple(fc.constantFrom(...CORPUS), fc.nat(), fc.integer({ min: 0, max: 7 })).map(([text, i, bit]) => {
    const bytes = Buffer.from(`${text}\r\n`, 'latin1');
    bytes[i % bytes.length] = (bytes[i % bytes.length] ?? 0) ^ (1 << bit);
    return bytes;
  }),
);

describe('simulated MT-SICS balance: fuzz', () => {
  it('never throws, and every line it sends is a well-formed MT-SICS reply', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.integer({ min: 0, max: 3000 })), { maxLength: 25 }),
        fc.integer({ min: 1, max: 1000 }),
        (steps, seed) => {
          const beaker = new Beaker({ source: constantFlow(20), seed, settleMs: 500 });
          const balance = startInProcessMtSics({ beaker, stabilityTimeoutMs: 1000, sirPeriodMs: 300 });
          for (const [bytes, waitMs] of steps) {
            balance.sendBytes(bytes);
            balance.advance(waitMs);
          }
          // End any unterminated garbage first: a real host would also resync with a bare CR LF.
          balance.sendBytes(Buffer.from('\r\n'));
          balance.advance(2000);
          balance.send('I4');
          for (const sent of balance.lines) {
            const parsed = parseReply(sent);
            if (!parsed.ok) throw new Error(`malformed reply ${JSON.stringify(sent)}: ${parsed.error}`);
          }
          expect(balance.lines.at(-1) ?? '').toMatch(/^(I4 A "B000000001"|S [SD] )/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers one reply per command line (no SIR, no I0)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('S', 'SI', 'Z', 'ZI', 'T', 'TI', 'TA', 'TAC', 'I1', 'I2', 'I3', 'I4', 'FOO', 'TA 5 g'), { maxLength: 12 }),
        (commands) => {
          const balance = startInProcessMtSics({ beaker: new Beaker({ source: constantFlow(5) }) });
          // The power-up `I4 A "<SNR>"` line (I4, p. 89) comes first, by itself.
          expect(balance.lines).toEqual(['I4 A "B000000001"']);
          for (const command of commands) balance.send(command);
          balance.advance(15_000);
          expect(balance.lines).toHaveLength(commands.length + 1);
        },
      ),
      { numRuns: 100 },
    );
  });
});
