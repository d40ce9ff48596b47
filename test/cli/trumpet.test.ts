import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectWellFormed } from '../accuracy/charts/vega-view.ts';
import { runInProcess } from '../support/cli.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/gravimetric-1mlh.csv', import.meta.url));

/** The whole program in this process; stdout when it exits 0. */
async function cli(...args: string[]): Promise<string> {
  const run = await runInProcess(['trumpet', ...args]);
  if (run.status !== 0) throw new Error(run.stderr.replace(/^haipump: /, '').trimEnd());
  return run.stdout;
}

async function cliError(...args: string[]): Promise<Error> {
  try {
    await cli(...args);
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('haipump trumpet', () => {
  it('--json: density, period, intervals, A and the five windows', async () => {
    const json: unknown = JSON.parse(await cli(FIXTURE, '--rate', '1', '--json'));
    expect(json).toMatchObject({
      densityGPerMl: 0.99821,
      period: { startMin: 60, endMin: 120 },
      intervals: 120,
      overallErrorPct: expect.any(Number),
      windows: [2, 5, 11, 19, 31].map((minutes) => ({ minutes, epMaxPct: expect.any(Number), epMinPct: expect.any(Number) })),
    });
  });
  it('human output is a table and says "not compliant"', async () => {
    const out = await cli(FIXTURE, '--rate', '1', '--water-temp-c', '22');
    expect(out).toMatch(/P \(min\)\s+k\s+m\s+Ep\(max\)\s+Ep\(min\)/);
    expect(out).toContain('0.99777 g/mL');
    expect(out).toContain('not compliant');
  });
  it('--svg writes the trumpet plot, subtitled with the file and its modification time', async () => {
    const svgPath = join(mkdtempSync(join(tmpdir(), 'haipump-trumpet-')), 'trumpet.svg');
    await cli(FIXTURE, '--rate', '1', '--json', '--svg', svgPath);
    const svg = readFileSync(svgPath, 'utf8');
    expectWellFormed(svg);
    expect(svg).toContain('>Trumpet curve, set rate 1 mL/h</text>');
    const mtime = statSync(FIXTURE).mtime;
    const minute = `${mtime.getUTCFullYear()}-${String(mtime.getUTCMonth() + 1).padStart(2, '0')}-${String(mtime.getUTCDate()).padStart(2, '0')} ${String(mtime.getUTCHours()).padStart(2, '0')}:${String(mtime.getUTCMinutes()).padStart(2, '0')} UTC`;
    // A subtitle of two lines is two tspans: match the line's text between tags.
    expect(svg).toContain(`>gravimetric-1mlh.csv · recorded file · ${minute}<`);
    expect(svg).toContain('>analysis period 60–120 min<');
  });
  it('--startup-svg and --flow-svg write those plots', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'haipump-trumpet-'));
    const run = await runInProcess([
      'trumpet',
      FIXTURE,
      '--rate',
      '1',
      '--startup-svg',
      join(dir, 's.svg'),
      '--flow-svg',
      join(dir, 'f.svg'),
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(join(dir, 's.svg'), 'utf8')).toContain('>Start-up curve, set rate 1 mL/h</text>');
    expect(readFileSync(join(dir, 'f.svg'), 'utf8')).toContain('>Flow vs time, set rate 1 mL/h</text>');
    expect(readdirSync(dir).sort()).toEqual(['f.svg', 's.svg']);
  });
  it('--plots DIR (made if missing) writes startup.svg, trumpet.svg, flow.svg with --device, --syringe and --date in the subtitle', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'haipump-trumpet-')), 'plots');
    const args = ['--plots', dir, '--device', 'ne1000:/dev/ttyUSB0', '--syringe', 'bd-plastipak-60ml', '--date', '2026-12-05T15:03+01:00'];
    await cli(FIXTURE, '--rate', '1', '--json', ...args);
    expect(readdirSync(dir).sort()).toEqual(['flow.svg', 'startup.svg', 'trumpet.svg']);
    for (const name of ['startup.svg', 'trumpet.svg', 'flow.svg']) {
      const svg = readFileSync(join(dir, name), 'utf8');
      expectWellFormed(svg);
      expect(svg).toContain('>gravimetric-1mlh.csv · ne1000:/dev/ttyUSB0 · syringe bd-plastipak-60ml · 2026-12-05 14:03 UTC<');
    }
  });
  it('--date must be a date or a zoned date-time; --plots must not be a file', async () => {
    const local = await runInProcess(['trumpet', FIXTURE, '--rate', '1', '--date', '2026-12-05T14:03']);
    expect(local.status).toBe(2);
    expect(local.stderr).toMatch(/^haipump: --date: expected a date \(2026-12-05\) or a date-time with its zone/);
    const file = join(mkdtempSync(join(tmpdir(), 'haipump-trumpet-')), 'plots');
    writeFileSync(file, 'not a directory');
    const onFile = await runInProcess(['trumpet', FIXTURE, '--rate', '1', '--plots', file]);
    expect(onFile.status).toBe(2);
    expect(onFile.stderr).toBe(`haipump: --plots ${file}: is not a directory\n`);
  });
  it('a bad file is one line naming the line number', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'haipump-trumpet-')), 'bad.csv');
    writeFileSync(bad, 'time_s,mass_g\n0,1\n30,1.1\n60,oops\n');
    const error = await cliError(bad, '--rate', '1');
    expect(error.message).toBe(`${bad}: line 4: mass "oops" is not a number`);
    expect(error.message).not.toContain('\n');
  });
  it('bad flags are usage errors (exit 2) that name the flag', async () => {
    const negative = await runInProcess(['trumpet', FIXTURE, '--rate', '-1']);
    expect(negative.status).toBe(2);
    expect(negative.stderr).toBe('haipump: --rate: must be a positive rate in mL/h\n');
    const both = await runInProcess(['trumpet', FIXTURE, '--rate', '1', '--density', '1', '--water-temp-c', '20']);
    expect(both.status).toBe(2);
    expect(both.stderr).toBe('haipump: --density: give --density or --water-temp-c, not both\n');
  });
  it('a run that fails ISO 28620 exits 1 (ran, result wrong), and the JSON says why', async () => {
    // Twice the set rate: 2 mL/h of water is 2 × 0.99821 g/h, a mean error of +100 %.
    const file = join(mkdtempSync(join(tmpdir(), 'haipump-trumpet-')), 'double.csv');
    const rows = Array.from({ length: 241 }, (_, i) => `${i * 30},${((i * 30) / 3600) * 2 * 0.99821}`);
    writeFileSync(file, `time_s,mass_g\n${rows.join('\n')}\n`);
    const result = await runInProcess(['trumpet', file, '--rate', '1', '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const doc = JSON.parse(result.stdout) as { verdict: unknown; iso28620: { meanErrorPct: number; pass: boolean } };
    expect(doc.verdict).toEqual({ ok: false, reasons: ['ISO 28620 criteria not met'] });
    expect(doc.iso28620.meanErrorPct).toBeCloseTo(100, 6);
    expect((await runInProcess(['trumpet', FIXTURE, '--rate', '1'])).status).toBe(0);
  });
  it('a missing file is a usage error naming the file; a bad one is too', async () => {
    const missing = await runInProcess(['trumpet', '/nonexistent/run.csv', '--rate', '1']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('haipump: /nonexistent/run.csv: cannot read (no such file)\n');
    const bad = join(mkdtempSync(join(tmpdir(), 'haipump-trumpet-')), 'bad.csv');
    writeFileSync(bad, 'time_s,mass_g\n0,1\n30,1.1\n60,oops\n');
    const refused = await runInProcess(['trumpet', bad, '--rate', '1']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(`haipump: ${bad}: line 4: mass "oops" is not a number\n`);
  });
});
