import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pumpModelsFileSchema, rateLimitsMlPerMin, syringeAreaMm2 } from '../../../protocols/newera/index.ts';

describe('rateLimitsMlPerMin', () => {
  it('hand calculation: d = 26.59 mm -> area 555.3 mm² -> 1 mm/min = 0.5553 mL/min', () => {
    // 26.59² = 707.0281; × π = 2221.19; / 4 = 555.30 mm²; × 1 mm/min = 555.30 mm³/min = 0.5553 mL/min
    expect(syringeAreaMm2(26.59)).toBeCloseTo(555.3, 1);
    const limits = rateLimitsMlPerMin(26.59, { linearSpeed: { minMmPerMin: 0.001, maxMmPerMin: 1 } });
    expect(limits.maxMlPerMin).toBeCloseTo(0.5553, 4);
    expect(limits.minMlPerMin).toBeCloseTo(0.0005553, 7);
  });
  it('d = 4.78 mm (1 mL) at 10 mm/min: π·4.78²/4 = 17.945 mm² -> 0.17945 mL/min', () => {
    expect(rateLimitsMlPerMin(4.78, { linearSpeed: { minMmPerMin: 1, maxMmPerMin: 10 } }).maxMlPerMin).toBeCloseTo(0.17945, 5);
  });
  it('refuses a non-positive diameter', () => {
    expect(() => rateLimitsMlPerMin(0, { linearSpeed: { minMmPerMin: 1, maxMmPerMin: 2 } })).toThrow(RangeError);
  });
  it('hardware/pump-models.json is valid and gives sane ranges for a 60 mL B-D syringe', () => {
    const file = pumpModelsFileSchema.parse(JSON.parse(readFileSync(new URL('../../../hardware/pump-models.json', import.meta.url), 'utf8')));
    expect(file.models.map((m) => m.id)).toEqual(expect.arrayContaining(['ne1000', 'ne300', 'ne500', 'elite11', 'phd-ultra']));
    for (const m of file.models) {
      const l = rateLimitsMlPerMin(26.59, m);
      expect(l.minMlPerMin).toBeGreaterThan(0);
      expect(l.maxMlPerMin).toBeGreaterThan(l.minMlPerMin);
    }
  });
});

describe('hardware/syringes/syringes.json', () => {
  it('is valid, has >= 4 manufacturers, and the B-D 60 mL is 26.59 mm', async () => {
    const { syringeTableSchema } = await import('../../../protocols/newera/index.ts');
    const table = syringeTableSchema.parse(JSON.parse(readFileSync(new URL('../../../hardware/syringes/syringes.json', import.meta.url), 'utf8')));
    expect(new Set(table.syringes.map((s) => s.manufacturer)).size).toBeGreaterThanOrEqual(4);
    expect(table.syringes.find((s) => s.manufacturer === 'BD' && s.nominalVolumeMl === 60)?.insideDiameterMm).toBe(26.59);
    // Plausibility: the nominal volume fits a barrel 20..120 mm long.
    for (const s of table.syringes) {
      const lengthMm = (s.nominalVolumeMl * 1000) / syringeAreaMm2(s.insideDiameterMm);
      expect(lengthMm, s.model).toBeGreaterThan(20);
      expect(lengthMm, s.model).toBeLessThan(120);
    }
  });
});
