/**
 * Fleet benchmark: how many emulated HAI pumps one process keeps running in virtual time, each
 * on its own pty (one socat each), while a short scenario runs on every one of them at once.
 * For N = 8, 16, ..., 256 (stopping early once a size fails or takes over 15 s): start N in-process emulators, run the scenario on all concurrently through
 * the real serialport bindings, and report scenarios per minute and RSS growth per emulator,
 * all measured in this run. Prints one JSON line; every socat is stopped before it returns.
 */
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { closeAll, liveChildCount, liveChildPids } from '../src/hil/cleanup.ts';
import { startEmulatorDevice } from '../src/hil/connect.ts';
import type { HilDevice } from '../src/hil/device.ts';
import { parseScenarioDocument, type Scenario } from '../src/hil/scenario/schema.ts';
import { runStep } from '../src/hil/scenario/steps.ts';
import { describeError } from '../src/model/errors.ts';

const SCENARIO = `
name: fleet-short
steps:
  - send: PUMP:FILL FUDR,30
    reply: OK
  - wait: 1d
  - assert: { deliveredMl: { approx: 0.9722, tol: 0.0001 }, state: INFUSING }
  - expect: { event: alarm, code: 201, within: 30d, step: 5d }
  - assert: { state: { match: '^(LOW|TAPERING)$' } }
`;

export interface FleetRun {
  pumps: number;
  startWallMs: number;
  scenarioWallMs: number;
  scenariosPerMinute: number;
  /** Growth of this process's RSS per emulator (device firmware + host connection + buffers). */
  rssPerEmulatorMb: number;
  /** Live JS heap + external memory per emulator after a full GC (the steadier figure). */
  liveHeapPerEmulatorKb: number;
  /** Each pump's socat, a separate process, per pump. */
  socatRssPerPumpMb: number;
  failures: number;
}

export interface FleetResult {
  bench: 'fleet';
  runs: FleetRun[];
  /** The largest N whose scenarios all passed. */
  maxPumpsAllPassed: number;
  socatsLeft: number;
}

function scenario(): Scenario {
  const parsed = parseScenarioDocument(parseYaml(SCENARIO), 'fleet-short');
  const first = parsed.scenarios[0];
  if (first === undefined) throw new Error(`bench scenario invalid: ${JSON.stringify(parsed.issues)}`);
  return first;
}

async function runScenario(device: HilDevice, s: Scenario): Promise<boolean> {
  try {
    for (const step of s.steps) await runStep(device, step);
    return true;
  } catch (error) {
    if (process.env.FLEET_DEBUG !== undefined) process.stderr.write(`${device.name}: ${describeError(error)}\n`);
    return false;
  }
}

const rssMb = (): number => process.memoryUsage().rss / (1024 * 1024);

// A collectable heap makes "live memory per emulator" measurable without --expose-gc on the
// command line (bench/run.ts starts us plainly).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Live JS heap + external buffers after a full GC, in MB. */
function liveHeapMb(): number {
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / (1024 * 1024);
}

/** Resident memory of the socat processes we run (one per pump), from /proc; 0 where unreadable. */
function socatRssMb(): number {
  let kb = 0;
  for (const pid of liveChildPids()) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += Number(match?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kb / 1024;
}

export async function measureFleet(sizes: readonly number[] = [8, 16, 32, 64, 128, 256]): Promise<FleetResult> {
  const s = scenario();
  const runs: FleetRun[] = [];
  // One warm-up pump so module loading and JIT are not charged to the first fleet.
  const warm = await startEmulatorDevice();
  await runScenario(warm, s);
  await warm.close();
  for (const pumps of sizes) {
    const heapBeforeMb = liveHeapMb();
    const rssBeforeMb = rssMb();
    const startedAt = performance.now();
    const devices = await Promise.all(Array.from({ length: pumps }, (_, i) => startEmulatorDevice({ name: `pump-${i}` })));
    const startWallMs = performance.now() - startedAt;
    const scenarioAt = performance.now();
    const outcomes = await Promise.all(devices.map((d) => runScenario(d, s)));
    const scenarioWallMs = performance.now() - scenarioAt;
    const rssAfterMb = rssMb();
    const socatMb = socatRssMb();
    const heapAfterMb = liveHeapMb();
    await Promise.all(devices.map((d) => d.close()));
    runs.push({
      pumps,
      startWallMs: Math.round(startWallMs),
      scenarioWallMs: Math.round(scenarioWallMs),
      scenariosPerMinute: Math.round((pumps / scenarioWallMs) * 60_000),
      rssPerEmulatorMb: Number(((rssAfterMb - rssBeforeMb) / pumps).toFixed(2)),
      liveHeapPerEmulatorKb: Math.round(((heapAfterMb - heapBeforeMb) * 1024) / pumps),
      socatRssPerPumpMb: Number((socatMb / pumps).toFixed(2)),
      failures: outcomes.filter((ok) => !ok).length,
    });
    // Keep the benchmark bounded (< ~60 s): a size that fails or crawls is the answer already.
    if (outcomes.some((ok) => !ok) || startWallMs + scenarioWallMs > 15_000) break;
  }
  await closeAll();
  const maxPumpsAllPassed = Math.max(0, ...runs.filter((r) => r.failures === 0).map((r) => r.pumps));
  return { bench: 'fleet', runs, maxPumpsAllPassed, socatsLeft: liveChildCount() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureFleet();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
