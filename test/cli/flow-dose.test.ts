import { describe, expect, it } from 'vitest';
import { runInProcess } from '../support/cli.ts';

async function run(...args: string[]): Promise<string> {
  const result = await runInProcess(args);
  if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stderr}`);
  return result.stdout;
}

describe('haipump flow', () => {
  it('defaults to the calibration conditions of the default profile', async () => {
    const result = JSON.parse(await run('flow', '--json')) as Record<string, unknown>;
    expect(result).toMatchObject({
      rateMlPerDay: 1,
      fullRateMlPerDay: 1,
      drivingPressureMmHg: 300,
      viscosityMPaS: 0.7,
      profile: 'codman-3000-30ml',
      estimate: true,
    });
    expect(result.conditions).toEqual({ tempC: 37, ambientMmHg: 760, arterialMmHg: 95, infusate: 'heparinized-saline' });
  });

  it('applies temperature, infusate and the taper', async () => {
    const result = JSON.parse(await run('flow', '--temp-c', '38', '--infusate', 'saline', '--remaining-ml', '1.0', '--json')) as {
      rateMlPerDay: number;
      fullRateMlPerDay: number;
    };
    const full = (1155 * 1.025 - 760 - 95) / 300 / 0.98;
    expect(result.fullRateMlPerDay).toBeCloseTo(full, 9);
    expect(result.rateMlPerDay).toBeCloseTo((full * (1.0 - 0.5)) / (1.5 - 0.5), 9);
  });

  it('says the parameters are estimates in human output', async () => {
    expect(await run('flow', '--profile', 'intera-3000-30ml')).toMatch(/1\.500 mL\/day[\s\S]*estimates/);
  });

  it.each([
    [['--altitude-m', '1000', '--ambient-mmhg', '700'], 'haipump: --altitude-m and --ambient-mmhg: give one of them, not both'],
    [
      ['--infusate', 'salin'],
      'haipump: --infusate: must be one of saline, heparinized-saline, glycerin, fudr, got "salin"; did you mean saline?',
    ],
    [['--temp-c', '50'], 'haipump: --temp-c: must be at most 45 °C, got 50'],
    [['--remaining-ml', '-1'], 'haipump: --remaining-ml: must be at least 0 mL, got -1'],
    [['--ambient-mmhg', 'lots'], 'haipump: --ambient-mmhg: expected a number, got "lots"'],
    [['--profile', 'codman-300-30ml'], /^haipump: no pump profile "codman-300-30ml": .* \(did you mean codman-3000-30ml\? known: /],
  ])('refuses %j with one line naming the flag, exit 2', async (args, message) => {
    const result = await runInProcess(['flow', ...args]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.endsWith('\n') && result.stderr.split('\n')).toHaveLength(2);
    if (typeof message === 'string') expect(result.stderr).toBe(`${message}\n`);
    else expect(result.stderr).toMatch(message);
  });
});

describe('haipump dose', () => {
  const flags = ['--weight-kg', '70', '--dose-mg-per-kg-day', '0.12', '--reservoir-ml', '30', '--flow-ml-per-day', '1'];

  it('prints the recipe as JSON', async () => {
    const recipe = JSON.parse(await run('dose', ...flags, '--heparin-units', '20000', '--json')) as Record<string, number>;
    expect(recipe.fudrMg).toBeCloseTo((0.12 * 70 * 30) / 1, 9);
    expect(recipe.heparinVolumeMl).toBeCloseTo(20_000 / 10_000, 9);
    expect(recipe.salineVolumeMl).toBeCloseTo(30 - 2.52 - 2.5 - 2, 9);
  });

  it('prints a readable recipe', async () => {
    expect(await run('dose', ...flags)).toMatch(/FUDR\s+252\.0 mg\s+2\.52 mL/);
  });

  it('refuses an out-of-range input with one line naming the flag and its unit', async () => {
    // The model's own range (DOSING_LIMITS.weightKg, 20–250 kg), said in the flag's words.
    const result = await runInProcess(['dose', ...flags, '--weight-kg', '300']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('haipump: --weight-kg: must be at most 250 kg, got 300\n');
    const low = await runInProcess(['dose', ...flags, '--dose-mg-per-kg-day', '0.001']);
    expect(low.stderr).toBe('haipump: --dose-mg-per-kg-day: must be at least 0.01 mg/kg/day, got 0.001\n');
  });
});
