/**
 * Input files in the user's words: a scenario or profile error names the file, the path in it
 * and, for a typo, the nearest valid key; files over their documented size are refused from the
 * size alone, before anything is read or parsed.
 */
import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FileTooLargeError, INPUT_FILE_LIMITS, readBoundedTextFile } from '../../src/files/read-bounded.ts';
import { loadScenarioFile as loadHilScenario } from '../../src/hil/scenario/load.ts';
import { loadTranscript } from '../../src/hil/transcript.ts';
import { editDistance, nearestName } from '../../src/model/nearest.ts';
import { DEFAULT_PROFILES_DIR } from '../../src/profiles/load.ts';
import { runInProcess } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'haipump-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MIB = 1024 * 1024;

/** A file of `bytes` bytes of valid-looking YAML steps, written in chunks (the test must not hold it). */
function bigScenario(file: string, bytes: number): void {
  const step = '  - { day: 1, type: BOLUS, volumeMl: 1 }\n';
  const chunk = Buffer.from(step.repeat(Math.ceil((64 * 1024) / step.length)));
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, 'steps:\n');
    let written = 7;
    while (written < bytes) written += writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
  } finally {
    closeSync(fd);
  }
}

describe('nearest names', () => {
  it('edit distance: worked by hand', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('tempc', 'tempC')).toBe(0);
    expect(editDistance('volumeLm', 'volumeMl')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('suggests only what is close', () => {
    expect(nearestName('tempc', ['tempC', 'altitudeM', 'type'])).toBe('tempC');
    expect(nearestName('dayz', ['days', 'steps'])).toBe('days');
    expect(nearestName('colour', ['tempC', 'altitudeM'])).toBeUndefined();
  });
});

describe('scenario and profile errors name the file, the path and the nearest key', () => {
  it('a lifecycle scenario with typos', async () => {
    const file = join(dir, 'typo.yaml');
    writeFileSync(
      file,
      [
        'steps:',
        '  - { day: 0, type: FILL, infusate: fudr, volumeMl: 30 }',
        '  - { day: 3, type: ENV, tempc: 39.5 }',
        '  - { day: 4, type: FIL, volumeMl: 3 }',
        '',
      ].join('\n'),
    );
    const result = await runInProcess(['simulate', '--scenario', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `haipump: ${file}: steps.1.tempc: unknown key; did you mean tempC?; steps.2.type: must be one of FILL, DRAIN, BOLUS, ENV, FAULT, ACK, got "FIL"; did you mean FILL?\n`,
    );
  });

  it('a top-level typo, a value out of range with its unit, an infusate typo', async () => {
    const file = join(dir, 'values.json');
    writeFileSync(
      file,
      JSON.stringify({ dayz: 3, environment: { tempC: 50 }, steps: [{ day: 0, type: 'FILL', infusate: 'salin', volumeMl: 30 }] }),
    );
    const result = await runInProcess(['simulate', '--scenario', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `haipump: ${file}: dayz: unknown key; did you mean days?; environment.tempC: must be at most 45 °C, got 50; steps.0.infusate: must be one of saline, heparinized-saline, glycerin, fudr, got "salin"; did you mean saline?\n`,
    );
  });

  it('a profile with a mistyped key, named by file and path', async () => {
    const folder = join(dir, 'profiles');
    mkdirSync(folder);
    const file = join(folder, 'codman-3000-30ml.json');
    const profile = JSON.parse(readFileSync(join(DEFAULT_PROFILES_DIR, 'codman-3000-30ml.json'), 'utf8')) as Record<string, unknown> & {
      calibration: Record<string, unknown>;
    };
    const { tempC, ...calibration } = profile.calibration;
    writeFileSync(file, JSON.stringify({ ...profile, calibration: { ...calibration, tempc: tempC } }));
    const result = await runInProcess(['flow', '--profile', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`haipump: invalid pump profile ${file}: calibration.tempc: unknown key; did you mean tempC?\n`);
  });
});

describe('bounded inputs: refused from their size, before reading', () => {
  it('the limits are the documented ones', () => {
    expect(INPUT_FILE_LIMITS).toEqual({ scenario: MIB, profile: MIB, csv: 64 * MIB, transcript: 64 * MIB });
  });

  it('one byte over is refused, the limit itself is read', () => {
    const at = join(dir, 'at-limit.yaml');
    const over = join(dir, 'over-limit.yaml');
    writeFileSync(at, Buffer.alloc(MIB, 0x20));
    writeFileSync(over, Buffer.alloc(MIB + 1, 0x20));
    expect(readBoundedTextFile(at, 'scenario')).toHaveLength(MIB);
    expect(() => readBoundedTextFile(over, 'scenario')).toThrow(new FileTooLargeError(over, MIB + 1, MIB, 'scenario'));
    expect(() => readBoundedTextFile(over, 'scenario')).toThrow(
      `${over}: 1 MiB (1048577 bytes) is over the 1 MiB limit for a scenario file`,
    );
  });

  it('a 10 MB lifecycle scenario: refused by size, exit 2, in a child under 300 MB of RSS', async () => {
    const file = join(dir, 'huge.yaml');
    bigScenario(file, 10_000_000);
    const cli = await runInProcess(['simulate', '--scenario', file]);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toBe(`haipump: ${file}: 9.5 MiB (10000000 bytes) is over the 1 MiB limit for a scenario file\n`);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./fixtures/refuse-scenario.ts', import.meta.url)), file],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const report = JSON.parse(out) as { message: string; maxRssKb: number };
    // The message is the size refusal, so nothing was parsed (a parse of this file takes over a GB).
    expect(report.message).toBe(`${file}: 9.5 MiB (10000000 bytes) is over the 1 MiB limit for a scenario file`);
    expect(report.maxRssKb).toBeLessThan(300 * 1024);
  });

  it('HIL scenarios, profiles, CSV files and transcripts are bounded too', async () => {
    const hil = join(dir, 'huge-hil.yaml');
    bigScenario(hil, 2 * MIB);
    expect(loadHilScenario(hil).issues).toEqual([
      { path: '', message: '2 MiB (2097152 bytes) is over the 1 MiB limit for a scenario file' },
    ]);
    const profileDir = join(dir, 'big-profiles');
    mkdirSync(profileDir);
    const profile = join(profileDir, 'codman-3000-30ml.json');
    copyFileSync(join(DEFAULT_PROFILES_DIR, 'codman-3000-30ml.json'), profile);
    writeFileSync(profile, Buffer.alloc(MIB + 10, 0x20), { flag: 'a' });
    const flow = await runInProcess(['flow', '--profile', profile]);
    expect(flow.status).toBe(2);
    expect(flow.stderr).toMatch(new RegExp(`^haipump: ${profile}: 1 MiB \\(\\d+ bytes\\) is over the 1 MiB limit for a pump profile\\n$`));
    // Sparse files: 64 MiB + 1 byte without writing 64 MiB.
    const csv = join(dir, 'huge.csv');
    const transcript = join(dir, 'huge.jsonl');
    for (const file of [csv, transcript]) {
      const fd = openSync(file, 'w');
      writeSync(fd, Buffer.from('\n'), 0, 1, 64 * MIB);
      closeSync(fd);
    }
    const trumpet = await runInProcess(['trumpet', csv, '--rate', '1']);
    expect(trumpet.status).toBe(2);
    expect(trumpet.stderr).toBe(`haipump: ${csv}: 64 MiB (67108865 bytes) is over the 64 MiB limit for a CSV file\n`);
    expect(() => loadTranscript(transcript)).toThrow(`${transcript}: 64 MiB (67108865 bytes) is over the 64 MiB limit for a transcript`);
  });
});
