/**
 * Issue 11 item 4, the syringe-pump side: `haipump sim --personality ne1000 --pty --nvm FILE`
 * (a child process, real time) is SIGKILLed with its socat mid-run of bench-fever.yaml at 600×,
 * and started again on the same NVM; the host's cable (a relay socat) is pulled and plugged
 * back. The pump comes back stopped with the power-up alarm A?R: the controller must report
 * the restart, send rate and RUN again, and go on counting from the pump's own DIS total (kept in
 * its NVM). Real time cannot be exact, so the volume is checked against an oracle that takes
 * the outage into account: the model's volume minus what the pump could not deliver between
 * its last command before the kill (its last NVM commit) and the RUN after the restart, at the
 * rate it was running, both read from the wire. A double count (DIS taken from 0 again) or a
 * counter lost would be off by the whole volume before the kill.
 */
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PUMP_PROFILE } from '../../src/model/index.ts';
import { loadScenarioFile } from '../../src/lifecycle/index.ts';
import { openNewEraDevice } from '../../src/devices/newera/index.ts';
import { playScenario, type ControllerResult } from '../../src/controller/index.ts';
import type { TrafficLogEntry } from '../../src/transport/index.ts';
import { simRig } from './support/sim-rig.ts';

const SCENARIO = fileURLToPath(new URL('../../scenarios/bench-fever.yaml', import.meta.url));
/** Requests before the kill: past the first RAT and RUN, into the watch polls of the first phase. */
const KILL_AFTER_TX = 14;
const SPEED = 600;

const rig = simRig('haipump-ne-restart-');

describe('an NE-1000 emulator killed and restarted mid-run at --speed 600', () => {
  it('alarm R is seen as a restart, rate and RUN go again, and DIS goes on from its NVM total', async () => {
    const args = ['--personality', 'ne1000', '--speed', '1', '--nvm', rig.path('ne.nvm')];
    const hostLink = rig.path('host');
    let pump = await rig.startPlugged(args, hostLink);

    const tx: { atMs: number; text: string }[] = [];
    let killedAtTx: number | undefined;
    let restarting: Promise<void> | undefined;
    const wire = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line.trim() === '') continue;
          const entry = JSON.parse(line) as TrafficLogEntry;
          if (entry.dir !== 'tx') continue;
          tx.push({ atMs: entry.atMs, text: entry.text.trim() });
          if (killedAtTx !== undefined || tx.length < KILL_AFTER_TX) continue;
          killedAtTx = tx.length;
          const old = pump;
          restarting = (async () => {
            await rig.kill(old);
            pump = await rig.startPlugged(args, hostLink);
          })();
        }
        done();
      },
    });

    const device = await openNewEraDevice({ path: hostLink, syringe: 'bd-plastipak-60ml', trafficLog: wire, timeoutMs: 2000 });
    let result: ControllerResult;
    try {
      result = await playScenario({
        device,
        profile: DEFAULT_PUMP_PROFILE,
        scenario: loadScenarioFile(SCENARIO),
        speed: SPEED,
        linkGiveUpMs: 60_000,
      });
      await restarting;
    } finally {
      await device.close();
    }
    expect(killedAtTx).toBe(KILL_AFTER_TX);

    // Seen once, by its power-up alarm; the link loss was raised and cleared.
    expect(result.restarts).toHaveLength(1);
    expect(result.restarts[0]).toMatchObject({ how: 'alarm-R', evidence: ['alarm-R'] });
    expect(result.linkEpisodes.length).toBeGreaterThanOrEqual(1);
    expect(result.linkEpisodes.every((e) => e.restoredAtMs !== null)).toBe(true);

    // The pump was started again: a rate and RUN after the kill, before the final stop.
    const afterKill = tx.slice(KILL_AFTER_TX).map((t) => t.text);
    const rateAgain = afterKill.findIndex((t) => /^0RAT[\d.]+UM$/.test(t));
    const runAgain = afterKill.indexOf('0RUN');
    expect(rateAgain).toBeGreaterThanOrEqual(0);
    expect(runAgain).toBeGreaterThan(rateAgain);

    // DIS went on from its NVM total: never back, and nothing had to be added back.
    expect(result.ledger.every((e) => e.deltaMl >= 0)).toBe(true);
    expect(result.reconciliation.counterCorrectionMl).toBeUndefined();
    expect(result.reconciliation.ledgerMl).toBeCloseTo(result.reconciliation.deviceDeliveredMl, 9);

    // The oracle: the model's volume minus what the stopped pump missed, from the wire.
    const rates = tx.slice(0, KILL_AFTER_TX).flatMap((t) => {
      const m = /^0RAT([\d.]+)UM$/.exec(t.text);
      return m === null ? [] : [Number(m[1])];
    });
    const ulPerMin = rates.at(-1) ?? NaN;
    const lastCommitAtMs = tx[KILL_AFTER_TX - 2]?.atMs ?? NaN;
    const runAgainAtMs = tx[KILL_AFTER_TX + runAgain]?.atMs ?? NaN;
    const missedMl = (ulPerMin / 1000) * ((runAgainAtMs - lastCommitAtMs) / 60_000);
    const { deviceDeliveredMl, modelDeliveredMl } = result.reconciliation;
    expect(missedMl).toBeGreaterThan(0);
    // As in ne1000-run.pty.test.ts: each real second of command latency is ten model minutes.
    expect(Math.abs(deviceDeliveredMl - (modelDeliveredMl - missedMl)) / modelDeliveredMl).toBeLessThan(0.08);
    process.stdout.write(
      `ne1000 restart: device ${deviceDeliveredMl.toFixed(4)} mL, model ${modelDeliveredMl.toFixed(4)} mL, missed while stopped ${missedMl.toFixed(4)} mL (${((runAgainAtMs - lastCommitAtMs) / 1000).toFixed(2)} s), within tolerance ${String(result.reconciliation.withinTolerance)}\n`,
    );
  }, 120_000);
});
