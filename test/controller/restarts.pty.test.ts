/**
 * Issue 11 item 4: a device that restarts is detected and re-anchored, never counted twice or
 * lost. `haipump sim --personality hai --pty --speed max --nvm FILE` runs as a child process; the
 * controller (`playScenario` with the real serialport bindings) opens a stable host path that a
 * relay socat joins to the emulator's pty. At seeded random points of the run (the n-th request
 * the host sends after the previous restart was handled) the emulator is SIGKILLed (its own
 * socat pair dies with it) and the relay socat is stopped, so the host's port disappears; then a
 * new emulator starts on the same NVM file and a new relay on the same host path.
 *
 * The new process's world time starts at 0 while the device resumes from NVM: the controller
 * must re-anchor on device time. Per restart, the first comparison after it must agree with the
 * model (a double count shows as +, a gap as −); per run, the device's own counter and clock,
 * read from its NVM file after the run (not through the controller), must equal the closed form
 * of the model and the scenario's duration, and the ledger must be contiguous and sum to the
 * counter. No sleeps: every wait is on an event (a request on the wire, a link event, a child's
 * output line or exit); timeouts are backstops only.
 */
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DEFAULT_PUMP_PROFILE, MS_PER_DAY, MS_PER_HOUR, fullFlowRateMlPerDay, remainingAfterMs } from '../../src/model/index.ts';
import { loadScenarioFile, scenarioStartAtMs } from '../../src/lifecycle/index.ts';
import { openHaiDevice } from '../../src/devices/hai/index.ts';
import { playScenario, type ControllerResult } from '../../src/controller/index.ts';
import { runVerdict } from '../../src/controller/index.ts';
import type { TrafficLogEntry } from '../../src/transport/index.ts';
import { mulberry32 } from '../../firmware-sim/app/prng.ts';
import { FileNvm } from '../../firmware-sim/hal/nvm-file.ts';
import { RecordStore } from '../../firmware-sim/nvm/store.ts';
import { simRig } from './support/sim-rig.ts';

const SCENARIO = fileURLToPath(new URL('../../scenarios/refill-cycle.yaml', import.meta.url));
const profile = DEFAULT_PUMP_PROFILE;
const RUNS = 2;
const RESTARTS_PER_RUN = 10;
/** Requests between two restarts: 1..MAX_GAP, seeded. A run sends ~200 (6-hourly comparisons). */
const MAX_GAP = 16;
const SEED = 0x11_04;
/** Comparisons at this cadence, so the restarts land among many kinds of request. */
const COMPARE_EVERY_MS = 6 * MS_PER_HOUR;
/** A doubled or missing stretch of even one hour is ~0.04 mL; rounding to nL is far below this. */
const AGREE_ML = 1e-3;

const rig = simRig('haipump-restarts-');

/** What the device's flash holds: read straight from the NVM file, as the firmware would at boot. */
const StoredSchema = z.object({
  bootCount: z.number().int(),
  deviceTimeMs: z.number().int(),
  state: z.object({ totals: z.object({ deliveredNl: z.number().int() }) }),
});
function readNvm(path: string): z.output<typeof StoredSchema> {
  const nvm = new FileNvm(path);
  try {
    const restored = new RecordStore(nvm, StoredSchema).open().restored;
    if (restored === undefined) throw new Error(`${path}: no valid record`);
    return restored.value;
  } finally {
    nvm.close();
  }
}

/** Closed form of the model for refill-cycle.yaml, worked here (as unplug.pty.test.ts does). */
function expectedDeliveredMl(): number {
  const rate = (infusate: 'fudr' | 'heparinized-saline'): number => fullFlowRateMlPerDay(profile, { ...profile.calibration, infusate });
  return (
    30 -
    remainingAfterMs(profile, { startVolumeMl: 30, rateMlPerDay: rate('fudr') }, 13.95 * MS_PER_DAY) +
    30 -
    remainingAfterMs(profile, { startVolumeMl: 30, rateMlPerDay: rate('heparinized-saline') }, 1.04 * MS_PER_DAY)
  );
}

interface RunOutcome {
  result: ControllerResult;
  kills: number;
  nvm: z.output<typeof StoredSchema>;
  startAtMs: number;
  endAtMs: number;
}

/** One run of the scenario with RESTARTS_PER_RUN kills at seeded points. */
async function runWithRestarts(run: number, random: () => number): Promise<RunOutcome> {
  const nvmPath = rig.path(`pump-${run}.nvm`);
  const hostLink = rig.path(`host-${run}`);
  // The relay: a stable host path joined to the emulator's pty (the cable the host plugs into).
  let pump = await rig.startPlugged(['--nvm', nvmPath], hostLink);

  let kills = 0;
  let sent = 0;
  let gap = 1 + Math.floor(random() * MAX_GAP);
  // Armed once the device is open: a device lost while first probed fails the open at once, by design.
  let armed = false;
  let restarting: Promise<void> | undefined;
  const failures: unknown[] = [];

  const restart = async (): Promise<void> => {
    await rig.kill(pump);
    pump = await rig.startPlugged(['--nvm', nvmPath], hostLink);
  };

  // Counts the host's requests as they go on the wire (the traffic log writes synchronously).
  const wire = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        const entry = JSON.parse(line) as TrafficLogEntry;
        if (entry.dir !== 'tx' || !armed || ++sent < gap) continue;
        armed = false;
        kills++;
        restarting = restart().catch((error: unknown) => void failures.push(error));
      }
      done();
    },
  });

  const device = await openHaiDevice({ path: hostLink, timeoutMs: 2000, trafficLog: wire, backoff: { initialMs: 20, maxMs: 200 } });
  armed = true;
  // The next restart is armed once the last one was handled (the link back, re-synchronised).
  device.onEvent((event) => {
    if (event.type !== 'link-restored' || armed || kills >= RESTARTS_PER_RUN) return;
    sent = 0;
    gap = 1 + Math.floor(random() * MAX_GAP);
    armed = true;
  });
  try {
    const scenario = loadScenarioFile(SCENARIO);
    const result = await playScenario({ device, profile, scenario, compareEveryMs: COMPARE_EVERY_MS, linkGiveUpMs: 60_000 });
    await restarting;
    expect(failures).toEqual([]);
    // SIGTERM: the emulator commits its state to NVM and exits; then its flash is read.
    await pump.sim.stop();
    return { result, kills, nvm: readNvm(nvmPath), startAtMs: scenarioStartAtMs(scenario), endAtMs: result.simulation.endAtMs };
  } finally {
    await device.close();
  }
}

describe('restarts: the emulator process and its socat killed and restarted on the same NVM', () => {
  it(`${RUNS * RESTARTS_PER_RUN} restarts at seeded points: each detected and re-anchored, no double count, no gap`, async () => {
    const random = mulberry32(SEED);
    const expectedMl = expectedDeliveredMl();
    let trials = 0;
    let doubleCounts = 0;
    let gaps = 0;
    let maxDiffMl = 0;

    for (let run = 0; run < RUNS; run++) {
      const { result, kills, nvm, startAtMs, endAtMs } = await runWithRestarts(run, random);
      expect(kills).toBe(RESTARTS_PER_RUN);

      // Each restart was seen (a new process: a new boot record; its world time went back
      // unless it died before any time advance) and reported once.
      expect(result.restarts).toHaveLength(kills);
      for (const restart of result.restarts) expect(restart.evidence).toContain('boot-record');
      expect(nvm.bootCount).toBe(kills + 1);
      expect(result.linkEpisodes.length).toBeGreaterThanOrEqual(1);
      expect(result.linkEpisodes.every((e) => e.restoredAtMs !== null)).toBe(true);

      // Per trial: the first comparison after each restart agrees with the model.
      for (const restart of result.restarts) {
        const next = result.comparisons.find((c) => c.atMs >= restart.atMs);
        expect(next, `a comparison after the restart at day ${restart.day}`).toBeDefined();
        const diffMl = next?.deliveredDiffMl ?? Infinity;
        trials++;
        if (diffMl > AGREE_ML) doubleCounts++;
        if (diffMl < -AGREE_ML) gaps++;
        maxDiffMl = Math.max(maxDiffMl, Math.abs(diffMl));
      }

      // Per run, against the device's own flash: its clock ran exactly the scenario's time ...
      expect(nvm.deviceTimeMs).toBe(endAtMs - startAtMs);
      // ... its counter is what the controller counted, and what physics says.
      const counterMl = nvm.state.totals.deliveredNl / 1e6;
      expect(result.reconciliation.counterEndMl).toBeCloseTo(counterMl, 4);
      expect(result.reconciliation.deviceDeliveredMl).toBeCloseTo(counterMl - result.reconciliation.counterStartMl, 4);
      const physicsDiffMl = counterMl - expectedMl;
      if (physicsDiffMl > AGREE_ML) doubleCounts++;
      if (physicsDiffMl < -AGREE_ML) gaps++;
      maxDiffMl = Math.max(maxDiffMl, Math.abs(physicsDiffMl), Math.abs(result.reconciliation.differenceMl));
      // The ledger covers the run without holes or overlaps and sums to the counter.
      expect(result.ledger[0]?.fromMs).toBe(startAtMs);
      expect(result.ledger.at(-1)?.toMs).toBe(endAtMs);
      const contiguous = result.ledger.every((e, i) => i === 0 || e.fromMs === result.ledger[i - 1]?.toMs);
      // (The ledger is in the protocol's 4 decimals; the flash holds nL: compared above to 4 dp.)
      if (!contiguous || Math.abs(result.reconciliation.ledgerMl - result.reconciliation.deviceDeliveredMl) > 1e-9) gaps++;
      expect(result.reconciliation.withinTolerance).toBe(true);
      expect(result.deviations).toBe(0);
      // A restart handled right is no failure of the run.
      expect(runVerdict(result)).toEqual({ ok: true, reasons: [] });
    }

    process.stdout.write(`restarts: trials=${trials} doubleCounts=${doubleCounts} gaps=${gaps} maxDiffMl=${maxDiffMl.toFixed(6)}\n`);
    expect(trials).toBe(RUNS * RESTARTS_PER_RUN);
    expect({ doubleCounts, gaps }).toEqual({ doubleCounts: 0, gaps: 0 });
    expect(maxDiffMl).toBeLessThan(AGREE_ML);
  }, 300_000);
});
