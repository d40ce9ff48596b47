/**
 * Every command (and subcommand) held to the one exit-code table: an unknown flag, a missing
 * required option or argument, and a bad value each exit 2 (remind: 3) with exactly one line on
 * stderr that names what the user typed. The program runs in this process (runCli), so the few
 * hundred cases take a second; a handful of real spawns of bin/haipump.js check the end-to-end path.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIND_BY_ERROR_CLASS, errorKind, exitCodeOf } from '../../src/cli/exit-codes.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { AccuracyError } from '../../src/accuracy/errors.ts';
import { BalanceError } from '../../src/devices/mtsics/errors.ts';
import { DeviceError } from '../../src/devices/pump-device.ts';
import { HilAssertionError, HilDeviceError, HilSilentDeviceError, HilTimeoutError, HilUnsupportedError } from '../../src/hil/errors.ts';
import { ScenarioError } from '../../src/lifecycle/index.ts';
import { DosingError, ProfileError } from '../../src/model/index.ts';
import { HaipumpError } from '../../src/model/errors.ts';
import { DrainError } from '../../src/schedule/drain.ts';
import { TimeInputError } from '../../src/schedule/index.ts';
import { StoreError, StoreInputError, StoreMissingError } from '../../src/store/index.ts';
import {
  InvalidReplyError,
  LinkClosedError,
  LinkLostError,
  LinkNotOpenError,
  OpenFailedError,
  TimeoutError,
  TransportError,
} from '../../src/transport/errors.ts';
import { runInProcess } from '../support/cli.ts';

const BIN = fileURLToPath(new URL('../../bin/haipump.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/gravimetric-1mlh.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'haipump-exit-'));
const MISSING_DB = join(dir, 'never-created.db');

// No case may reach a real database: the default location points at a file that does not exist.
const savedDb = process.env.HAIPUMP_DB;
beforeAll(() => {
  process.env.HAIPUMP_DB = MISSING_DB;
});
afterAll(() => {
  if (savedDb === undefined) delete process.env.HAIPUMP_DB;
  else process.env.HAIPUMP_DB = savedDb;
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Per leaf command: arguments that satisfy every required option and argument (positionals
 * first), and one bad value with the flag it must name. `bad: null` only where a command has no
 * value to get wrong.
 */
const COMMANDS: Record<string, { base: string[]; bad: { args: string[]; names: string } | null }> = {
  simulate: { base: [], bad: { args: ['--days', '-1'], names: '--days' } },
  flow: { base: [], bad: { args: ['--temp-c', '50'], names: '--temp-c' } },
  dose: {
    base: ['--weight-kg', '70', '--dose-mg-per-kg-day', '0.12', '--reservoir-ml', '30', '--flow-ml-per-day', '1'],
    bad: { args: ['--reservoir-ml', '300'], names: '--reservoir-ml' },
  },
  'db init': { base: [], bad: { args: ['--db', ''], names: '--db' } },
  'pump add': { base: ['P1'], bad: { args: ['--implanted', 'last spring'], names: '--implanted' } },
  'pump list': { base: [], bad: { args: ['--at', 'soon'], names: '--at' } },
  'pump show': { base: ['P1'], bad: { args: ['--limit', '0'], names: '--limit' } },
  fill: { base: ['P1', '--infusate', 'saline', '--volume-ml', '5'], bad: { args: ['--infusate', 'whisky'], names: '--infusate' } },
  refill: { base: ['P1', '--returned-ml', '5'], bad: { args: ['--returned-ml', 'lots'], names: '--returned-ml' } },
  remind: { base: [], bad: { args: ['--within', '-1'], names: '--within' } },
  labs: { base: ['P1'], bad: { args: ['--ast', '-3'], names: '--ast' } },
  sim: { base: ['--pty'], bad: { args: ['--speed', 'fast'], names: '--speed' } },
  ports: { base: [], bad: null },
  run: { base: ['--device', 'sim'], bad: { args: ['--device', 'usb:/dev/ttyUSB0'], names: '--device' } },
  check: { base: ['ne1000:/dev/null'], bad: { args: ['--timeout-ms', '0'], names: '--timeout-ms' } },
  accuracy: {
    base: ['--pump', 'ne1000:/dev/null', '--balance', 'mtsics:/dev/null', '--rate', '1', '--minutes', '1'],
    bad: { args: ['--rate', '-1'], names: '--rate' },
  },
  trumpet: { base: [FIXTURE, '--rate', '1'], bad: { args: ['--windows', '2,x'], names: '--windows' } },
  'runs list': { base: [], bad: { args: ['--db', ''], names: '--db' } },
  'runs show': { base: ['1'], bad: null },
  'runs export': { base: ['1'], bad: { args: ['--out', ''], names: '--out' } },
  'hil run': { base: ['x.yaml'], bad: { args: ['--parallel', '0'], names: '--parallel' } },
  dashboard: { base: [], bad: { args: ['--port', '70000'], names: '--port' } },
};

/** Bad positional values, where the value to get wrong is an argument. */
const BAD_ARGUMENTS: Record<string, { args: string[]; names: string }> = {
  'runs show': { args: ['runs', 'show', 'first'], names: '<id>' },
  'runs export': { args: ['runs', 'export', '0'], names: '<id>' },
  check: { args: ['check', 'ne1000:/dev/null@7'], names: '<device>' },
};

function leaves(command: Command, prefix: string[] = []): { path: string[]; command: Command }[] {
  const subs = command.commands.filter((c) => c.name() !== 'help');
  if (subs.length === 0) return [{ path: prefix, command }];
  return subs.flatMap((sub) => leaves(sub, [...prefix, sub.name()]));
}

const { program } = await buildProgram({ stdout: { write: () => true }, stderr: { write: () => true } }, 'all');
const LEAVES = leaves(program);

interface Case {
  name: string;
  argv: string[];
  /** Text the one stderr line must contain. */
  names: string;
}

function casesFor(path: string[], command: Command): Case[] {
  const key = path.join(' ');
  const spec = COMMANDS[key];
  if (spec === undefined) return [];
  const label = (what: string): string => `${key}: ${what}`;
  const cases: Case[] = [{ name: label('unknown flag'), argv: [...path, ...spec.base, '--no-such-flag'], names: "'--no-such-flag'" }];
  for (const option of command.options) {
    if (!option.mandatory || option.long === undefined) continue;
    const at = spec.base.indexOf(option.long);
    const argv = [...spec.base];
    argv.splice(at, 2);
    cases.push({ name: label(`missing ${option.long}`), argv: [...path, ...argv], names: option.long });
  }
  command.registeredArguments.forEach((argument, i) => {
    if (!argument.required) return;
    const argv = spec.base.filter((_, j) => j !== i);
    cases.push({ name: label(`missing <${argument.name()}>`), argv: [...path, ...argv], names: `'${argument.name()}'` });
  });
  if (spec.bad !== null)
    cases.push({ name: label(`bad ${spec.bad.names}`), argv: [...path, ...spec.base, ...spec.bad.args], names: spec.bad.names });
  const badArgument = BAD_ARGUMENTS[key];
  if (badArgument !== undefined) cases.push({ name: label(`bad ${badArgument.names}`), argv: badArgument.args, names: badArgument.names });
  return cases;
}

const CASES = LEAVES.flatMap(({ path, command }) => casesFor(path, command));

describe('the exit-code table, command by command', () => {
  it('covers every command and subcommand of the program', () => {
    expect(LEAVES.map(({ path }) => path.join(' ')).sort()).toEqual(Object.keys(COMMANDS).sort());
    // Every leaf has an unknown-flag case; every required option and argument a missing case.
    const required = LEAVES.reduce(
      (n, { command }) =>
        n + command.options.filter((o) => o.mandatory).length + command.registeredArguments.filter((a) => a.required).length,
      0,
    );
    const bad = Object.values(COMMANDS).filter((c) => c.bad !== null).length + Object.keys(BAD_ARGUMENTS).length;
    expect(CASES).toHaveLength(LEAVES.length + required + bad);
    expect(CASES.length).toBeGreaterThan(60);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await runInProcess(c.argv);
    const top = c.argv[0];
    expect(result.status, result.stderr).toBe(top === 'remind' ? 3 : 2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines, result.stderr).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(lines[0]).toMatch(/^haipump: /);
    expect(lines[0]).toContain(c.names);
  });

  it('program-level: an unknown flag or command is 2, --help and --version are 0', async () => {
    const flag = await runInProcess(['--no-such-flag']);
    expect(flag).toEqual({ status: 2, stdout: '', stderr: "haipump: unknown option '--no-such-flag'\n" });
    const command = await runInProcess(['simulat']);
    expect(command.status).toBe(2);
    expect(command.stderr).toBe("haipump: unknown command 'simulat' (did you mean simulate?)\n");
    const help = await runInProcess(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(
      /Exit codes: 0 ran and the result is right, 1 ran and the result is wrong .* 2 usage .* 3 the device did not answer .* 4 any other failure\. remind: 0 OK, 1 due, 2 overdue, 3 any error/,
    );
    const version = await runInProcess(['--version']);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});

describe('error kinds', () => {
  it('every class named in the table is a real class of that name', () => {
    const classes: Record<string, unknown> = {
      ProfileError,
      DosingError,
      DrainError,
      TimeInputError,
      AccuracyError,
      HilUnsupportedError,
      HilSilentDeviceError,
      TimeoutError,
      OpenFailedError,
      LinkLostError,
      LinkNotOpenError,
      HilAssertionError,
      HilTimeoutError,
      DeviceError,
      BalanceError,
      HilDeviceError,
      InvalidReplyError,
      LinkClosedError,
      TransportError,
    };
    expect(Object.keys(KIND_BY_ERROR_CLASS).sort()).toEqual(Object.keys(classes).sort());
    for (const [name, cls] of Object.entries(classes)) expect((cls as { name: string }).name).toBe(name);
  });

  it.each([
    [new ProfileError('x'), 'usage', 2],
    [new DosingError('x'), 'usage', 2],
    [new ScenarioError('x'), 'usage', 2],
    [new StoreInputError('x'), 'usage', 2],
    [new StoreMissingError('x.db'), 'usage', 2],
    [new StoreError('x'), 'failure', 4],
    [new TimeInputError('x'), 'usage', 2],
    [new DeviceError('x', 'silent'), 'unreachable', 3],
    [new DeviceError('x', 'link'), 'unreachable', 3],
    [new DeviceError('x', 'unsupported'), 'usage', 2],
    [new DeviceError('x', 'alarm'), 'wrong', 1],
    [new DeviceError('x', 'protocol'), 'failure', 4],
    [new BalanceError('silent', 'x'), 'unreachable', 3],
    [new HilSilentDeviceError('x'), 'unreachable', 3],
    [new OpenFailedError('/dev/x', 1, new Error('ENOENT')), 'unreachable', 3],
    [new TimeoutError('*IDN?', 100), 'unreachable', 3],
    [new InvalidReplyError('*IDN?', 'x', 'bad CRC'), 'failure', 4],
    [new HilAssertionError('x'), 'wrong', 1],
    [new HaipumpError('x', 'wrong'), 'wrong', 1],
    [new Error('x'), 'failure', 4],
    ['a string', 'failure', 4],
  ] as const)('%s is %s (exit %i)', (error, kind, code) => {
    expect(errorKind(error)).toBe(kind);
    expect(exitCodeOf(errorKind(error), 'run')).toBe(code);
    // remind: every error is 3.
    expect(exitCodeOf(errorKind(error), 'remind')).toBe(3);
  });

  it('a subclass inherits its parent row', () => {
    class SomeLinkError extends LinkLostError {}
    expect(errorKind(new SomeLinkError('x'))).toBe('unreachable');
  });

  it("remind's outcomes are the monitoring-plugin codes, others' the table", () => {
    expect(['ok', 'due', 'overdue'].map((o) => exitCodeOf(o as 'ok', 'remind'))).toEqual([0, 1, 2]);
    expect(['ok', 'wrong', 'usage', 'unreachable', 'failure'].map((o) => exitCodeOf(o as 'ok', 'run'))).toEqual([0, 1, 2, 3, 4]);
  });
});

/** The real bin, as cron or CI runs it. */
function spawnBin(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HAIPUMP_DB: MISSING_DB },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('the exit codes of real processes', () => {
  it('usage 2, remind 3, a missing device 3, and the version', async () => {
    const [flow, remind, bogus, device, version] = await Promise.all([
      spawnBin(['flow', '--temp-c', '50']),
      spawnBin(['remind', '--bogus']),
      spawnBin(['pump', 'list', '--bogus']),
      spawnBin(['check', 'hai:/nonexistent/tty', '--timeout-ms', '100']),
      spawnBin(['--version']),
    ]);
    expect(flow).toEqual({ status: 2, stdout: '', stderr: 'haipump: --temp-c: must be at most 45 °C, got 50\n' });
    expect(remind).toEqual({ status: 3, stdout: '', stderr: "haipump: unknown option '--bogus'\n" });
    expect(bogus).toEqual({ status: 2, stdout: '', stderr: "haipump: unknown option '--bogus'\n" });
    expect(device.status).toBe(3);
    expect(device.stderr.split('\n')).toHaveLength(2);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
