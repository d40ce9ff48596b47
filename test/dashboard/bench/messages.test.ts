import { describe, expect, it } from 'vitest';
import { BenchMessageSchema } from '../../../src/dashboard/bench/index.ts';
import { benchSetup, RUN_KEY } from './bench-run.ts';

const SAMPLE = { type: 'sample', runKey: RUN_KEY, index: 3, total: 240, atS: 90.012, massG: 12.525, stable: true };
const LINK = { type: 'link', runKey: RUN_KEY, device: 'balance', state: 'down', detail: 'no reply in 2 s' };
const END = { type: 'end', runKey: RUN_KEY, status: 'complete', runId: 4 };

function refused(message: unknown): string[] {
  const result = BenchMessageSchema.safeParse(message);
  expect(result.success).toBe(false);
  return result.error?.issues.map((issue) => issue.path.join('.')) ?? [];
}

describe('BenchMessageSchema', () => {
  it('takes each kind of message as a publisher sends it', () => {
    for (const message of [benchSetup(), benchSetup({ syringe: null, label: 'run 2', startMin: 10, endMin: 40 }), SAMPLE, LINK, END]) {
      expect(BenchMessageSchema.parse(message)).toEqual(message);
    }
    expect(BenchMessageSchema.parse({ ...END, status: 'failed', runId: null, message: 'balance: no reply' })).toMatchObject({
      runId: null,
    });
  });

  it('refuses unknown keys and unknown types', () => {
    expect(refused({ ...SAMPLE, temperatureC: 21 })).toEqual(['']);
    expect(refused({ ...benchSetup(), readMode: 'stable' })).toEqual(['']);
    refused({ ...SAMPLE, type: 'samples' });
    refused({ ...LINK, device: 'valve' });
    refused({ ...END, status: 'done' });
  });

  it('refuses numbers that are not finite, negative or not whole where they must be', () => {
    expect(refused({ ...SAMPLE, massG: Number.NaN })).toEqual(['massG']);
    expect(refused({ ...SAMPLE, atS: Number.POSITIVE_INFINITY })).toEqual(['atS']);
    expect(refused({ ...SAMPLE, atS: -0.5 })).toEqual(['atS']);
    expect(refused({ ...SAMPLE, index: 1.5 })).toEqual(['index']);
    expect(refused({ ...SAMPLE, index: 241 })).toEqual(['index']);
    expect(refused({ ...benchSetup(), intervalS: -30 })).toEqual(['intervalS']);
    expect(refused({ ...benchSetup(), intervalS: 0 })).toEqual(['intervalS']);
    expect(refused({ ...benchSetup(), rateMlPerH: Number.NaN })).toEqual(['rateMlPerH']);
    expect(refused({ ...benchSetup(), minutes: 0 })).toEqual(['minutes']);
    expect(refused({ ...END, runId: 1.5 })).toEqual(['runId']);
  });

  it('refuses a set-up whose samples could never be analysed', () => {
    // kg/m³ instead of g/mL
    expect(refused(benchSetup({ densityGPerMl: 998.2 }))).toEqual(['densityGPerMl']);
    expect(BenchMessageSchema.safeParse(benchSetup({ densityGPerMl: 998.2 })).error?.issues[0]?.message).toMatch(/expected 0\.5–2 g\/mL/);
    expect(refused(benchSetup({ densityGPerMl: Number.NaN }))).toEqual(['densityGPerMl']);
    expect(refused(benchSetup({ startMin: 40, endMin: 30 }))).toEqual(['endMin']);
    // a start alone beyond the default end of a 60-min run (its second half ends at 60)
    expect(refused(benchSetup({ minutes: 60, startMin: 70 }))).toEqual(['endMin']);
  });

  it('refuses missing, empty and overlong strings', () => {
    const { syringe: _syringe, ...noSyringe } = benchSetup();
    expect(refused(noSyringe)).toEqual(['syringe']);
    expect(refused({ ...SAMPLE, runKey: '' })).toEqual(['runKey']);
    expect(refused({ ...LINK, detail: 'x'.repeat(501) })).toEqual(['detail']);
    expect(refused(benchSetup({ startedAtIso: 'yesterday' }))).toEqual(['startedAtIso']);
  });
});
