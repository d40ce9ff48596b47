/**
 * `haipump hil run` end to end, as CI runs it: a child process per invocation, exit codes,
 * JUnit structure, record/compare, parallel runs, and no socat left behind.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { harnessSocats, silentPort, startRealLikeHai, xmlProblems } from './support.ts';
import { REPO, runCliAsync as runCli } from '../support/cli.ts';

const work = mkdtempSync(join(tmpdir(), 'haipump-hil-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const examples = readdirSync(join(REPO, 'scenarios/hil'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `scenarios/hil/${f}`);

describe('haipump hil run', () => {
  it('passes every example scenario, 4 at a time, and writes JUnit XML (exit 0)', async () => {
    const junit = join(work, 'junit.xml');
    const run = await runCli(['hil', 'run', ...examples, '--junit', junit, '--parallel', '4']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // Every output line names its scenario, so concurrent runs can be told apart.
    const lines = run.stdout.trim().split('\n');
    for (const line of lines.filter((l) => !l.startsWith('summary:') && !l.startsWith('junit:')))
      expect(line).toMatch(/^\[[\w#.-]+\] PASS /);
    expect(run.stdout).toMatch(/summary: \d+ scenario\(s\) on emulators: (\d+) passed, 0 failed/);

    const xml = readFileSync(junit, 'utf8');
    expect(xmlProblems(xml)).toBeNull();
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)"/g)];
    expect(suites.map((s) => s[1]).sort()).toEqual([...examples].sort());
    for (const s of suites) expect([s[3], s[4]]).toEqual(['0', '0']);
    // maintenance.yaml holds two scenarios: one testsuite, two testcases.
    const maintenance = xml.slice(xml.indexOf('<testsuite name="scenarios/hil/maintenance.yaml"'));
    expect(maintenance.slice(0, maintenance.indexOf('</testsuite>')).match(/<testcase /g)).toHaveLength(2);
    expect(xml).not.toMatch(/<failure|<error/);
  });

  it('reports the failing step and exits 1; JUnit carries it as a <failure>', async () => {
    const junit = join(work, 'failing.xml');
    const run = await runCli(['hil', 'run', 'scenarios/hil/failing/wrong-delivered-volume.yaml', '--junit', junit]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      '[wrong-delivered-volume] FAIL scenarios/hil/failing/wrong-delivered-volume.yaml: steps[2].assert: delivered 0.9722, expected 5 ± 0.01 mL',
    );
    const xml = readFileSync(junit, 'utf8');
    expect(xmlProblems(xml)).toBeNull();
    expect(xml).toMatch(/<failure message="steps\[2\]\.assert: delivered 0\.9722, expected 5 ± 0\.01 mL" type="StepFailed">/);
  });

  it('refuses an invalid scenario with the step path and exits 2, running nothing', async () => {
    const run = await runCli(['hil', 'run', 'scenarios/hil/invalid/bad-step.yaml', 'scenarios/hil/fill-and-infuse.yaml']);
    expect(run.status).toBe(2);
    // Errors go to stderr; stdout keeps results only.
    expect(run.stderr).toContain('scenarios/hil/invalid/bad-step.yaml: steps[1]: give exactly one action');
    expect(run.stderr).toContain('unknown key "sned" (did you mean send?)');
    expect(run.stderr).toContain('scenarios/hil/invalid/bad-step.yaml: steps[2].wait: a duration like');
    expect(run.stderr).toContain('scenarios/hil/invalid/bad-step.yaml: steps[3].expect.tol: tol needs approx');
    expect(run.stdout).not.toContain('PASS');
    expect(run.stdout).not.toContain('steps[1]');
  });

  it('exits 3 when the device does not answer', async () => {
    const pty = await silentPort();
    try {
      const run = await runCli([
        'hil',
        'run',
        'scenarios/hil/fill-and-infuse.yaml',
        '--device',
        `hai:${pty.a}`,
        '--timeout-ms',
        '300',
        '--json',
      ]);
      expect(run.status).toBe(3);
      const results = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(results[0]).toMatchObject({ type: 'scenario', status: 'silent' });
      expect(String(results[0]?.message)).toContain('did not answer "*IDN?" within 300 ms');
      expect(results.at(-1)).toMatchObject({ type: 'summary', exitCode: 3, silent: 1 });
    } finally {
      await pty.close();
    }
  });

  it('on a real device, runs what it can and skips emulator-only scenarios with the reason', async () => {
    const pump = await startRealLikeHai();
    try {
      const run = await runCli(['hil', 'run', 'scenarios/hil/occlusion-fault.yaml', '--device', `hai:${pump.port}`]);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('[occlusion-fault] SKIP steps[2].fault needs an emulator; hai on');
      expect(run.stdout).toContain('is a real device');
    } finally {
      await pump.close();
    }
  });

  it('records transcripts, replays them as a golden test, and catches a tampered one', async () => {
    const golden = join(work, 'golden');
    const files = ['scenarios/hil/occlusion-fault.yaml', 'scenarios/hil/environment.yaml', 'scenarios/hil/unplug-reconnect.yaml'];
    const record = await runCli(['hil', 'run', ...files, '--record', golden, '--parallel', '3']);
    expect(record.status).toBe(0);
    const transcript = join(golden, 'scenarios', 'hil', 'occlusion-fault', 'occlusion-fault.jsonl');
    const entries = readFileSync(transcript, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries[0]).toMatchObject({ dir: 'event', phase: 'connect' });
    expect(
      entries.some(
        (e) => e.dir === 'tx' && e.text === 'PUMP:FILL FUDR,30\n' && e.hex === Buffer.from('PUMP:FILL FUDR,30\n').toString('hex'),
      ),
    ).toBe(true);
    expect(entries.some((e) => e.dir === 'rx' && String(e.text).includes('!ALARM 203'))).toBe(true);

    const compare = await runCli(['hil', 'run', ...files, '--compare', golden, '--parallel', '3']);
    expect(compare.stdout).not.toContain('FAIL');
    expect(compare.status).toBe(0);

    // One reply changed by a digit: the golden test must notice, naming the line.
    const tampered = readFileSync(transcript, 'utf8')
      .replace(/"text":"FAULT\\n"/, '"text":"FAULX\\n"')
      .replace('"hex":"4641554c540a"', '"hex":"4641554c580a"');
    expect(tampered).not.toBe(readFileSync(transcript, 'utf8'));
    writeFileSync(transcript, tampered);
    const again = await runCli(['hil', 'run', 'scenarios/hil/occlusion-fault.yaml', '--compare', golden]);
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(
      /transcript differs from .*occlusion-fault\.jsonl: rx line \d+: expected "FAULX" at device 86400000 ms, got "FAULT" at device 86400000 ms/,
    );
  });

  it('runs every scenario on HAIPUMP_DEVICE when it is set, names it in JUnit, and exits 3 when it cannot be reached', async () => {
    const junit = join(work, 'env-device.xml');
    const run = await runCli(['hil', 'run', 'scenarios/hil/fill-and-infuse.yaml', '--junit', junit], {
      env: { HAIPUMP_DEVICE: 'hai:/nonexistent' },
    });
    expect(run.status).toBe(3);
    expect(run.stdout).toContain('device: hai:/nonexistent (from HAIPUMP_DEVICE)');
    expect(run.stderr).toMatch(/^\[fill-and-infuse\] NO DEVICE .*\/nonexistent/m);
    expect(run.stdout).not.toContain('PASS');
    const xml = readFileSync(junit, 'utf8');
    expect(xmlProblems(xml)).toBeNull();
    expect(xml).toContain('<property name="device" value="hai:/nonexistent"/>');
    expect(xml).toMatch(/<error message="[^"]*nonexistent[^"]*" type="DeviceSilent">/);

    // --device wins over the variable.
    const flag = await runCli(['hil', 'run', 'scenarios/hil/fill-and-infuse.yaml', '--device', 'sim', '--json'], {
      env: { HAIPUMP_DEVICE: 'hai:/nonexistent' },
    });
    expect(flag.status).toBe(0);
    expect(JSON.parse(flag.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({
      type: 'summary',
      device: 'sim',
      deviceSource: 'flag',
      passed: 1,
    });
  });

  it('runs the scenario files of a directory argument, and keeps one transcript per scenario file', async () => {
    // Two files of the same name in different folders, and a sub-folder that must not run.
    const tree = mkdtempSync(join(tmpdir(), 'haipump-hil-tree-'));
    try {
      const one = join(tree, 'one');
      const two = join(tree, 'two');
      const nested = join(one, 'nested');
      for (const d of [one, two, nested]) mkdirSync(d, { recursive: true });
      const scenario = readFileSync(join(REPO, 'scenarios/hil/fill-and-infuse.yaml'), 'utf8');
      writeFileSync(join(one, 'same.yaml'), scenario);
      writeFileSync(join(two, 'same.yaml'), scenario);
      writeFileSync(join(nested, 'never.yaml'), 'this is: [not a scenario');
      writeFileSync(join(one, 'notes.txt'), 'not a scenario either');
      const golden = join(tree, 'golden');
      const record = await runCli(['hil', 'run', one, two, '--record', golden, '--json']);
      expect(record.stderr).toBe('');
      expect(record.status).toBe(0);
      const results = record.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const transcripts = results.filter((r) => r.type === 'scenario').map((r) => String(r.transcript));
      expect(transcripts).toHaveLength(2);
      expect(new Set(transcripts).size).toBe(2);
      const compare = await runCli(['hil', 'run', one, two, '--compare', golden]);
      expect(compare.stdout).not.toContain('FAIL');
      expect(compare.status).toBe(0);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('leaves no socat behind', () => {
    expect(harnessSocats()).toEqual([]);
  });
});
