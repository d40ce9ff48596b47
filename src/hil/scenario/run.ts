/**
 * The scenario runner behind `haipump hil run`: validate every file first (any invalid → exit 2,
 * nothing runs), then run each scenario on its own device (by default a fresh emulator, so
 * scenarios never see each other's state), N at a time, and sum up.
 *
 * Exit status: 0 all passed (or skipped), 1 a step failed, 2 a scenario file is invalid, 3 a
 * device did not answer (or no device could be started). 3 wins over 1: a silent device makes
 * every other result suspect.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { openHilDevice } from '../connect.ts';
import type { HilDevice } from '../device.ts';
import { HilSilentDeviceError } from '../errors.ts';
import { parseTarget, type HilTarget } from '../target.ts';
import { compareTranscripts, describeDifference, loadTranscript } from '../transcript.ts';
import { formatDurationMs } from './duration.ts';
import { writeJunit, type JunitSuite } from './junit.ts';
import { formatIssue, loadScenarioFile, type LoadedFile } from './load.ts';
import { runPool } from './pool.ts';
import { needsEmulator, type Scenario } from './schema.ts';
import { runStep, StepFailure } from './steps.ts';
import type { Clock } from '../../model/clock.ts';
import { HOST_CLOCK } from '../host-clock.ts';
import { describeError } from '../../model/errors.ts';

export interface RunOptions {
  /** Scenario files, or directories whose scenario files (not sub-directories) all run. */
  files: readonly string[];
  /**
   * DEV string. Unset: `HAIPUMP_DEVICE` from `env`, and without that a fresh emulator of the
   * scenario's personality for every scenario (docs/hil.md).
   */
  device?: string;
  /** Where `HAIPUMP_DEVICE` is read; process.env by default. */
  env?: NodeJS.ProcessEnv;
  junit?: string;
  record?: string;
  compare?: string;
  parallel?: number;
  requestTimeoutMs?: number;
  emulatorMode?: 'in-process' | 'process';
  verbose?: boolean;
  /** Human-readable progress lines, each prefixed with `[scenario]`. */
  print?: (line: string) => void;
  /** Errors (invalid files, devices that do not answer); `print` when absent. */
  printError?: (line: string) => void;
  /** One structured result per scenario as it finishes. */
  onResult?: (result: ScenarioResult) => void;
  /** Real-time waits and the wall times reported; the host's clock by default. */
  clock?: Clock;
}

export type ScenarioStatus = 'passed' | 'failed' | 'skipped' | 'silent';

export interface ScenarioResult {
  file: string;
  scenario: string;
  /** Unique within the run; prefixes output lines. */
  label: string;
  status: ScenarioStatus;
  message: string | undefined;
  /** The failing step, e.g. `steps[3].expect`. */
  stepPath: string | undefined;
  stepsRun: number;
  stepsTotal: number;
  wallMs: number;
  deviceTimeMs: number | null;
  log: string[];
  transcript: string | undefined;
}

export interface RunSummary {
  exitCode: 0 | 1 | 2 | 3;
  /** The DEV string every scenario ran on, or undefined for a fresh emulator each. */
  device: string | undefined;
  /** Where `device` came from. */
  deviceSource: 'flag' | 'HAIPUMP_DEVICE' | 'emulator';
  invalid: { file: string; messages: string[] }[];
  results: ScenarioResult[];
  counts: Record<ScenarioStatus, number> & { total: number };
  wallMs: number;
}

interface Job {
  file: string;
  scenario: Scenario;
  label: string;
  /** 1 for the first scenario of this name in its file, 2 for the next, ... */
  nthInFile: number;
}

const slug = (text: string): string => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario';

/**
 * `DIR/<the file's path from the working directory>/<scenario>.jsonl`: one transcript per
 * scenario of each file, so two files called `x.yaml` in different folders, or two scenarios of
 * one name in a file, never write the same transcript.
 */
function transcriptPath(dir: string, job: Job): string {
  const rel = relative(process.cwd(), resolve(job.file));
  const parts = rel.split(sep).map((part) => (part === '..' ? '__' : slug(part)));
  const last = parts.pop() ?? 'scenario';
  const stem = slug(basename(last, extname(job.file)) || last);
  const name = job.nthInFile === 1 ? slug(job.scenario.name) : `${slug(job.scenario.name)}#${job.nthInFile}`;
  return join(dir, ...parts, stem, `${name}.jsonl`);
}

const SCENARIO_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Files as given; a directory stands for its scenario files, in name order. */
export function expandScenarioArgs(args: readonly string[]): string[] {
  return args.flatMap((arg) => {
    let isDirectory = false;
    try {
      isDirectory = statSync(arg).isDirectory();
    } catch {
      // A missing file is reported by the loader, naming it.
    }
    if (!isDirectory) return [arg];
    return readdirSync(arg, { withFileTypes: true })
      .filter((entry) => entry.isFile() && SCENARIO_EXTENSIONS.has(extname(entry.name).toLowerCase()))
      .map((entry) => join(arg, entry.name))
      .sort();
  });
}

function chooseDevice(options: RunOptions): { device: string | undefined; source: RunSummary['deviceSource'] } {
  if (options.device !== undefined) return { device: options.device, source: 'flag' };
  const fromEnv = (options.env ?? process.env).HAIPUMP_DEVICE;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { device: fromEnv.trim(), source: 'HAIPUMP_DEVICE' };
  return { device: undefined, source: 'emulator' };
}

function targetFor(job: Job, device: string | undefined): HilTarget {
  if (device === undefined || device.trim() === 'sim') return { kind: 'emulator', personality: job.scenario.personality };
  return parseTarget(device);
}

async function runJob(job: Job, options: RunOptions): Promise<ScenarioResult> {
  const clock = options.clock ?? HOST_CLOCK;
  const started = clock.now();
  const log: string[] = [];
  const say = (line: string): void => {
    log.push(line);
    if (options.verbose === true) options.print?.(`[${job.label}] ${line}`);
  };
  const { scenario } = job;
  const result = (status: ScenarioStatus, extra: Partial<ScenarioResult> = {}): ScenarioResult => ({
    file: job.file,
    scenario: scenario.name,
    label: job.label,
    status,
    message: undefined,
    stepPath: undefined,
    stepsRun: 0,
    stepsTotal: scenario.steps.length,
    wallMs: clock.now() - started,
    deviceTimeMs: null,
    log,
    transcript: undefined,
    ...extra,
  });
  const target = targetFor(job, options.device);
  if (target.personality !== scenario.personality) {
    return result('skipped', { message: `scenario is for ${scenario.personality}; the device is ${target.personality}` });
  }
  const firstSimStep = scenario.steps.find(needsEmulator);
  let device: HilDevice;
  try {
    device = await openHilDevice(target, {
      name: job.label,
      record: options.record !== undefined || options.compare !== undefined,
      requestTimeoutMs: options.requestTimeoutMs,
      clock,
      log: say,
      speed: scenario.emulator.speed,
      telemetryS: scenario.emulator.telemetryS,
      profile: scenario.emulator.profile,
      replug: scenario.steps.some((s) => s.action === 'unplug'),
      mode: options.emulatorMode,
    });
  } catch (error) {
    const message = describeError(error);
    return result('silent', { message: error instanceof HilSilentDeviceError ? message : `no device: ${message}` });
  }
  let outcome: ScenarioResult;
  let stepsRun = 0;
  const startMs = device.deviceTimeMs;
  try {
    if (firstSimStep !== undefined && !device.emulated) {
      outcome = result('skipped', { message: `${firstSimStep.path} needs an emulator; ${device.description} is a real device` });
    } else {
      say(`on ${device.description} (${device.port})`);
      let failure: StepFailure | undefined;
      for (const step of scenario.steps) {
        try {
          const account = await runStep(device, step);
          stepsRun++;
          say(`${step.path}${step.name === undefined ? '' : ` (${step.name})`}: ${account}`);
        } catch (error) {
          failure = error instanceof StepFailure ? error : new StepFailure(step.path, describeError(error));
          say(`FAILED ${failure.message}`);
          break;
        }
      }
      const deviceTimeMs = device.deviceTimeMs === null || startMs === null ? null : device.deviceTimeMs - startMs;
      outcome =
        failure === undefined
          ? result('passed', { stepsRun, deviceTimeMs })
          : result('failed', { stepsRun, deviceTimeMs, message: failure.message, stepPath: failure.stepPath });
    }
  } finally {
    await device.close();
  }
  const transcript = device.transcript;
  if (transcript !== undefined && outcome.status !== 'skipped') {
    if (options.record !== undefined) {
      const file = transcriptPath(options.record, job);
      transcript.save(file);
      outcome.transcript = file;
    }
    if (options.compare !== undefined && outcome.status === 'passed') {
      const golden = transcriptPath(options.compare, job);
      try {
        const differences = compareTranscripts(loadTranscript(golden), transcript.entries);
        if (differences.length > 0) {
          outcome = {
            ...outcome,
            status: 'failed',
            stepPath: 'transcript',
            message: `transcript differs from ${golden}: ${differences.map(describeDifference).join('; ')}`,
          };
        } else {
          say(`transcript matches ${golden}`);
        }
      } catch (error) {
        outcome = {
          ...outcome,
          status: 'failed',
          stepPath: 'transcript',
          message: `cannot compare with ${golden}: ${describeError(error)}`,
        };
      }
    }
  }
  return { ...outcome, wallMs: clock.now() - started };
}

function summaryLine(r: ScenarioResult): string {
  const time = r.deviceTimeMs === null ? '' : `, device time ${formatDurationMs(r.deviceTimeMs)}`;
  switch (r.status) {
    case 'passed':
      return `[${r.label}] PASS ${r.stepsRun} steps${time}, ${(r.wallMs / 1000).toFixed(1)} s`;
    case 'failed':
      return `[${r.label}] FAIL ${r.file}: ${r.message ?? ''}`;
    case 'skipped':
      return `[${r.label}] SKIP ${r.message ?? ''}`;
    case 'silent':
      return `[${r.label}] NO DEVICE ${r.message ?? ''}`;
  }
}

function toJunit(loaded: readonly LoadedFile[], results: readonly ScenarioResult[], timestamp: string, device: string): JunitSuite[] {
  return loaded.map((file) => ({
    name: file.file,
    file: file.file,
    timestamp,
    properties: { device },
    cases:
      file.issues.length > 0
        ? [
            {
              name: basename(file.file),
              classname: `hil.${slug(basename(file.file, extname(file.file)))}`,
              timeS: 0,
              outcome: {
                kind: 'error' as const,
                type: 'InvalidScenario',
                message: formatIssue(file.file, file.issues[0] ?? { path: '', message: 'invalid' }),
                detail: file.issues.map((i) => formatIssue(file.file, i)).join('\n'),
              },
              systemOut: '',
            },
          ]
        : results
            .filter((r) => r.file === file.file)
            .map((r) => ({
              name: r.scenario,
              classname: `hil.${slug(basename(file.file, extname(file.file)))}`,
              timeS: r.wallMs / 1000,
              outcome:
                r.status === 'passed'
                  ? { kind: 'passed' as const }
                  : r.status === 'skipped'
                    ? { kind: 'skipped' as const, message: r.message ?? '' }
                    : r.status === 'failed'
                      ? { kind: 'failure' as const, type: 'StepFailed', message: r.message ?? '', detail: r.log.join('\n') }
                      : { kind: 'error' as const, type: 'DeviceSilent', message: r.message ?? '', detail: r.log.join('\n') },
              systemOut: r.log.join('\n'),
            })),
  }));
}

export async function runScenarioFiles(options: RunOptions): Promise<RunSummary> {
  const clock = options.clock ?? HOST_CLOCK;
  const started = clock.now();
  const timestamp = new Date(started).toISOString().replace(/\.\d{3}Z$/, '');
  const print = options.print ?? (() => undefined);
  const printError = options.printError ?? print;
  const { device, source: deviceSource } = chooseDevice(options);
  const deviceName = device ?? 'sim (a fresh emulator per scenario)';
  const loaded = expandScenarioArgs(options.files).map(loadScenarioFile);
  const invalid = loaded
    .filter((f) => f.issues.length > 0)
    .map((f) => ({ file: f.file, messages: f.issues.map((i) => formatIssue(f.file, i)) }));
  const counts = { passed: 0, failed: 0, skipped: 0, silent: 0, total: 0 };
  const summaryOf = (exitCode: RunSummary['exitCode'], results: ScenarioResult[]): RunSummary => ({
    exitCode,
    device,
    deviceSource,
    invalid,
    results,
    counts,
    wallMs: clock.now() - started,
  });
  if (loaded.length === 0) {
    printError(`no scenario files in ${options.files.join(', ')}`);
    return summaryOf(2, []);
  }
  if (invalid.length > 0) {
    for (const f of invalid) for (const m of f.messages) printError(`invalid: ${m}`);
    if (options.junit !== undefined) writeJunit(options.junit, toJunit(loaded, [], timestamp, deviceName));
    return summaryOf(2, []);
  }
  const seen = new Map<string, number>();
  const seenInFile = new Map<string, number>();
  const jobs: Job[] = loaded.flatMap((f) =>
    f.scenarios.map((scenario) => {
      const n = (seen.get(scenario.name) ?? 0) + 1;
      seen.set(scenario.name, n);
      const key = `${f.file}\u0000${scenario.name}`;
      const nthInFile = (seenInFile.get(key) ?? 0) + 1;
      seenInFile.set(key, nthInFile);
      return { file: f.file, scenario, label: n === 1 ? scenario.name : `${scenario.name}#${n}`, nthInFile };
    }),
  );
  if (deviceSource === 'HAIPUMP_DEVICE') print(`device: ${device ?? ''} (from HAIPUMP_DEVICE)`);
  let parallel = Math.max(1, Math.floor(options.parallel ?? 1));
  let target: HilTarget | undefined;
  try {
    target = device === undefined || device === 'sim' ? undefined : parseTarget(device);
  } catch (error) {
    printError(describeError(error));
    return summaryOf(2, []);
  }
  if (parallel > 1 && target?.kind === 'port') {
    print(`note: --parallel ${parallel} ignored: one serial device runs one scenario at a time`);
    parallel = 1;
  }
  const results = await runPool(jobs, parallel, async (job) => {
    const r = await runJob(job, { ...options, device });
    if (r.status === 'silent') printError(summaryLine(r));
    else print(summaryLine(r));
    options.onResult?.(r);
    return r;
  });
  for (const r of results) counts[r.status]++;
  counts.total = results.length;
  if (options.junit !== undefined) writeJunit(options.junit, toJunit(loaded, results, timestamp, deviceName));
  return summaryOf(counts.silent > 0 ? 3 : counts.failed > 0 ? 1 : 0, results);
}
