import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register as registerDose } from '../../src/cli/commands/dose.ts';
import { register as registerFlow } from '../../src/cli/commands/flow.ts';
import { CliError } from '../../src/cli/shared.ts';

async function run(...args: string[]): Promise<string> {
  const program = new Command('haipump').exitOverride();
  registerFlow(program);
  registerDose(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('haipump flow', () => {
  it('defaults to the calibration conditions of the default profile', async () => {
    const result = JSON.parse(await run('flow', '--json')) as Record<string, unknown>;
    expect(result).toMatchObject({ rateMlPerDay: 1, fullRateMlPerDay: 1, drivingPressureMmHg: 300, viscosityMPaS: 0.7, profile: 'codman-3000-30ml', estimate: true });
    expect(result.conditions).toEqual({ tempC: 37, ambientMmHg: 760, arterialMmHg: 95, infusate: 'heparinized-saline' });
  });

  it('applies temperature, infusate and the taper', async () => {
    const result = JSON.parse(await run('flow', '--temp-c', '38', '--infusate', 'saline', '--remaining-ml', '1.0', '--json')) as { rateMlPerDay: number; fullRateMlPerDay: number };
    const full = (1155 * 1.025 - 760 - 95) / 300 / 0.98;
    expect(result.fullRateMlPerDay).toBeCloseTo(full, 9);
    expect(result.rateMlPerDay).toBeCloseTo(full * (1.0 - 0.5) / (1.5 - 0.5), 9);
  });

  it('says the parameters are estimates in human output', async () => {
    expect(await run('flow', '--profile', 'intera-3000-30ml')).toMatch(/1\.500 mL\/day[\s\S]*estimates/);
  });

  it.each([
    [['--altitude-m', '1000', '--ambient-mmhg', '700'], /either --altitude-m or --ambient-mmhg/],
    [['--infusate', 'water'], /infusate/],
    [['--profile', 'nope'], /no pump profile "nope"/],
  ])('refuses %j with a CliError', async (args, message) => {
    await expect(run('flow', ...args)).rejects.toThrow(CliError);
    await expect(run('flow', ...args)).rejects.toThrow(message);
  });
});

describe('haipump dose', () => {
  const flags = ['--weight-kg', '70', '--dose-mg-per-kg-day', '0.12', '--reservoir-ml', '30', '--flow-ml-per-day', '1'];

  it('prints the recipe as JSON', async () => {
    const recipe = JSON.parse(await run('dose', ...flags, '--heparin-units', '20000', '--json')) as Record<string, number>;
    expect(recipe.fudrMg).toBeCloseTo(0.12 * 70 * 30 / 1, 9);
    expect(recipe.heparinVolumeMl).toBeCloseTo(20_000 / 10_000, 9);
    expect(recipe.salineVolumeMl).toBeCloseTo(30 - 2.52 - 2.5 - 2, 9);
  });

  it('prints a readable recipe', async () => {
    expect(await run('dose', ...flags)).toMatch(/FUDR\s+252\.0 mg\s+2\.52 mL/);
  });

  it('refuses an out-of-range input with one line', async () => {
    await expect(run('dose', ...flags, '--weight-kg', '300')).rejects.toThrow(/^weightKg = 300 is out of range: accepted 20–250 kg$/);
  });
});
