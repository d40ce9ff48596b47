// The one reader of hardware/: the project's own tables are valid and plausible, and a table at
// another path is read from that path, with errors that name the file and the field.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { harvardBuiltInSyringes } from '../../protocols/harvard/index.ts';
import { rateLimitsMlPerMin, syringeAreaMm2 } from '../../protocols/newera/index.ts';
import { loadPumpModels, loadSyringes } from '../../src/devices/hardware-tables.ts';
import { findSyringe } from '../../src/devices/syringes.ts';

const dir = mkdtempSync(join(tmpdir(), 'haipump-hardware-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (manufacturer: string, model: string, nominalVolumeMl: number, insideDiameterMm: number) => ({
  manufacturer,
  model,
  nominalVolumeMl,
  insideDiameterMm,
  tag: '?',
  source: 'test',
});

function tableFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('hardware/pump-models.json', () => {
  it('is valid and gives sane ranges for a 60 mL B-D syringe', () => {
    const models = loadPumpModels();
    expect(models.map((m) => m.id)).toEqual(expect.arrayContaining(['ne1000', 'ne300', 'ne500', 'elite11', 'phd-ultra']));
    for (const m of models) {
      const l = rateLimitsMlPerMin(26.59, m);
      expect(l.minMlPerMin).toBeGreaterThan(0);
      expect(l.maxMlPerMin).toBeGreaterThan(l.minMlPerMin);
    }
  });
});

describe('hardware/syringes/syringes.json', () => {
  it('is valid, has >= 4 manufacturers, and the B-D 60 mL is 26.59 mm', () => {
    const syringes = loadSyringes();
    expect(new Set(syringes.map((s) => s.manufacturer)).size).toBeGreaterThanOrEqual(4);
    expect(syringes.find((s) => s.manufacturer === 'BD' && s.nominalVolumeMl === 60)?.insideDiameterMm).toBe(26.59);
    // Plausibility: the nominal volume fits a barrel 20..120 mm long.
    for (const s of syringes) {
      const lengthMm = (s.nominalVolumeMl * 1000) / syringeAreaMm2(s.insideDiameterMm);
      expect(lengthMm, s.model).toBeGreaterThan(20);
      expect(lengthMm, s.model).toBeLessThan(120);
    }
  });

  it('gives the Elite emulator a built-in table with the Terumo 20 mL at 20.15 mm', () => {
    expect(harvardBuiltInSyringes(loadSyringes())).toContainEqual({ code: 'ter', volumeMl: 20, diameterMm: 20.15 });
  });
});

describe('loadSyringes(path)', () => {
  it('reads the table at the path it is given and names each row', () => {
    const path = tableFile('two.json', { syringes: [row('Terumo', 'SS 10 mL', 10, 14.5), row('BD', 'Plastipak 1 mL', 1, 4.78)] });
    expect(loadSyringes(path).map((s) => s.name)).toEqual(['terumo-ss-10ml', 'bd-plastipak-1ml']);
    // The project's table is untouched by reading another one.
    expect(findSyringe('bd-plastipak-60ml').insideDiameterMm).toBe(26.59);
  });

  it('refuses a bad row naming the file and the field', () => {
    const path = tableFile('bad.json', { syringes: [row('BD', 'Plastipak 10 mL', 10, -1)] });
    expect(() => loadSyringes(path)).toThrow(`${path}: syringes.0.insideDiameterMm:`);
  });

  it('refuses two rows with one name', () => {
    const path = tableFile('twice.json', {
      syringes: [row('BD', 'Plastipak 10 mL', 10, 14.5), row('BD', 'Plastipak 10 mL / Luer', 10, 14.4)],
    });
    expect(() => loadSyringes(path)).toThrow(`${path}: two syringes are named bd-plastipak-10ml`);
  });
});
