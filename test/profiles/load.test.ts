import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PUMP_PROFILE, parameterPaths, profileIsEstimate, PumpProfileSchema } from '../../src/model/index.ts';
import { DEFAULT_PROFILE_NAME, DEFAULT_PROFILES_DIR, listProfiles, loadProfile } from '../../src/profiles/load.ts';

const raw = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(DEFAULT_PROFILES_DIR, `${DEFAULT_PROFILE_NAME}.json`), 'utf8')) as Record<string, unknown>;

function writeProfile(name: string, data: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'haipump-profile-'));
  const file = join(dir, `${name}.json`);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

function loadError(data: unknown, name = DEFAULT_PROFILE_NAME): string {
  const file = writeProfile(name, data);
  try {
    loadProfile(file);
  } catch (error) {
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected the profile to be refused');
}

describe('shipped profiles', () => {
  it('lists the four profiles and loads every one', () => {
    expect(listProfiles()).toEqual(['codman-3000-16ml', 'codman-3000-30ml', 'codman-3000-50ml', 'intera-3000-30ml']);
    for (const name of listProfiles()) {
      const profile = loadProfile(name);
      expect(profile.name).toBe(name);
      expect(profileIsEstimate(profile)).toBe(true);
    }
    expect(loadProfile('codman-3000-16ml').reservoirMl).toBe(16);
    expect(loadProfile('codman-3000-50ml').reservoirMl).toBe(50);
  });

  it('the default profile file equals the built-in DEFAULT_PUMP_PROFILE', () => {
    expect(loadProfile(DEFAULT_PROFILE_NAME)).toEqual(DEFAULT_PUMP_PROFILE);
    expect(PumpProfileSchema.parse(DEFAULT_PUMP_PROFILE)).toEqual(DEFAULT_PUMP_PROFILE);
  });

  it('loads by path too', () => {
    expect(loadProfile(join(DEFAULT_PROFILES_DIR, 'intera-3000-30ml.json')).nominalRateMlPerDay).toBe(1.5);
  });

  it('tags every parameter, and every estimate as E', () => {
    const paths = parameterPaths(DEFAULT_PUMP_PROFILE);
    expect(paths).toContain('taper.deadVolumeMl');
    expect(paths).toContain('infusates.glycerin.viscosityMPaS37');
    expect(DEFAULT_PUMP_PROFILE.provenance.vapourPressureSlopePerC).toMatch(/^E:/);
    expect(DEFAULT_PUMP_PROFILE.provenance.taper).toMatch(/^E:/);
  });
});

describe('broken profiles are refused with the file and the field', () => {
  it.each<[string, (p: Record<string, unknown>) => void, RegExp]>([
    [
      'taper start below dead volume',
      (p) => ((p.taper as Record<string, number>).deadVolumeMl = 2),
      /taper\.fullFlowDownToMl: must be above taper\.deadVolumeMl/,
    ],
    ['low-reservoir inside the taper', (p) => (p.lowReservoirMl = 1), /lowReservoirMl: must be above taper\.fullFlowDownToMl/],
    ['residual larger than the reservoir', (p) => (p.residualAfterDrainMl = 40), /residualAfterDrainMl: must be below reservoirMl/],
    ['missing field', (p) => delete p.reservoirMl, /reservoirMl: /],
    ['wrong type', (p) => (p.nominalRateMlPerDay = '1.0'), /nominalRateMlPerDay: /],
    ['negative rate', (p) => (p.nominalRateMlPerDay = -1), /nominalRateMlPerDay: /],
    ['missing infusate', (p) => delete (p.infusates as Record<string, unknown>).glycerin, /infusates\.glycerin: /],
    ['unknown calibration infusate', (p) => ((p.calibration as Record<string, unknown>).infusate = 'water'), /calibration\.infusate: /],
    ['unknown key', (p) => (p.colour = 'grey'), /colour/],
    ['offset out of ±10 %', (p) => (p.calibrationOffsetFraction = 0.3), /calibrationOffsetFraction: /],
    ['untagged parameter', (p) => delete (p.provenance as Record<string, unknown>).bolus, /provenance\.bolus\.maxVolumeMl: missing/],
    ['provenance without a tag', (p) => ((p.provenance as Record<string, unknown>).bolus = 'guess'), /provenance\.bolus: must start with/],
    [
      'provenance for nothing',
      (p) => ((p.provenance as Record<string, unknown>).flowRate = 'E: x'),
      /provenance\.flowRate: names no parameter/,
    ],
  ])('%s', (_label, breakIt, field) => {
    const data = raw();
    breakIt(data);
    expect(loadError(data)).toMatch(field);
  });

  it('bad JSON, wrong name, missing file', () => {
    expect(loadError('{ "name": ')).toMatch(/not JSON/);
    expect(loadError(raw(), 'other-name')).toMatch(/name: "codman-3000-30ml" must equal the file name "other-name"/);
    expect(() => loadProfile('no-such-pump')).toThrow(/no pump profile "no-such-pump".*known: codman-3000-16ml/);
  });
});
