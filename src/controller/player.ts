/**
 * The controller: plays a lifecycle scenario on the machine and on a `PumpDevice` at once,
 * compares the device's delivered volume (and reservoir) with the model after every step and on
 * a cadence, and raises FAULT device-deviation beyond tolerance and FAULT link-lost when the
 * device goes away (safety requirement 10).
 *
 * Accounting never integrates anything itself: it reads the device's own cumulative counter and
 * subtracts the value read at the start, so a reconnect can neither lose nor double-count
 * delivery. The ledger records each reading's increment over contiguous model-time intervals;
 * its sum equals the counter's change exactly when nothing was missed.
 */
import { MS_PER_DAY, MS_PER_HOUR } from '../model/index.ts';
import { RealClock, ScaledClock, VirtualClock, type Clock } from '../model/clock.ts';
import {
  deliveredAt,
  simulationResultOf,
  startRecordedActor,
  remainingAt,
  scenarioDays,
  scenarioStartAtMs,
  stepEvent,
} from '../lifecycle/index.ts';
import { DeviceError, type DeviceRestart } from '../devices/pump-device.ts';
import { LinkGuard } from './link-guard.ts';
import { StepMirror } from './mirror.ts';
import { RateFollower } from './rate-follower.ts';
import { DEFAULT_TOLERANCE, deviationOf } from './tolerance.ts';
import type {
  Comparison,
  ControllerOptions,
  ControllerResult,
  DeviceEventRecord,
  LedgerEntry,
  LinkEpisode,
  RestartRecord,
  TimeMode,
} from './types.ts';

function chooseMode(options: ControllerOptions): { mode: TimeMode; clock: Clock; startAtMs: number } {
  const startAtMs = scenarioStartAtMs(options.scenario);
  const speed = options.speed ?? (options.device.capabilities.simulatedTime ? 'max' : 1);
  if (options.device.capabilities.simulatedTime) {
    const clock = options.clock ?? new VirtualClock(startAtMs);
    if (!(clock instanceof VirtualClock))
      throw new DeviceError('a device with simulated time runs in lockstep on a VirtualClock', 'unsupported');
    return { mode: 'lockstep', clock, startAtMs };
  }
  if (options.clock instanceof VirtualClock) return { mode: 'virtual', clock: options.clock, startAtMs };
  if (speed === 'max') {
    throw new DeviceError(
      '--speed max needs a device with simulated time (an emulator); a real pump runs in real time (give --speed N)',
      'unsupported',
    );
  }
  return { mode: 'scaled', clock: options.clock ?? new ScaledClock(speed, startAtMs), startAtMs };
}

export async function playScenario(options: ControllerOptions): Promise<ControllerResult> {
  const { device, profile, scenario } = options;
  const { mode, clock, startAtMs } = chooseMode(options);
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const compareEveryMs = options.compareEveryMs ?? MS_PER_DAY;
  const rateEveryMs = options.rateEveryMs ?? MS_PER_HOUR;
  const endAtMs = startAtMs + Math.round(scenarioDays(scenario, options.days) * MS_PER_DAY);
  const speedFactor = mode === 'scaled' && typeof options.speed === 'number' ? options.speed : 1;
  const rateMode = !device.capabilities.fixedRate;
  const dayOf = (atMs: number): number => (atMs - startAtMs) / MS_PER_DAY;

  const { actor, recorder } = startRecordedActor({ profile, scenario, clock, startAtMs, onEvent: options.onEvent });

  const notes: string[] = [];
  const note = (text: string): void => {
    notes.push(`day ${dayOf(clock.now()).toFixed(3)}: ${text}`);
  };

  // ---- link loss: raised once per episode, acknowledged once the device is back ----
  const linkEpisodes: LinkEpisode[] = [];
  let openEpisode: LinkEpisode | undefined;
  const onLost = (detail: string): void => {
    if (openEpisode !== undefined) return;
    openEpisode = { atMs: clock.now(), detail, restoredAtMs: null };
    linkEpisodes.push(openEpisode);
    actor.send({ type: 'FAULT', cause: 'link-lost', detail: detail.slice(0, 200) });
  };
  const onRestored = (): void => {
    if (openEpisode === undefined) return;
    openEpisode.restoredAtMs = clock.now();
    openEpisode = undefined;
    if (options.autoAckLinkLost ?? true) actor.send({ type: 'ACK', code: 'LINK_LOST' });
  };
  // ---- restarts: reported by the driver, which re-anchors time itself in lockstep ----
  const restarts: RestartRecord[] = [];
  /** Restarts not yet looked at by the accounting (rate mode: counter kept monotonic). */
  let restartsUnseen: RestartRecord[] = [];
  const onRestart = (restart: DeviceRestart): void => {
    const atMs = clock.now();
    const record: RestartRecord = {
      atMs,
      day: dayOf(atMs),
      how: restart.how,
      evidence: restart.evidence,
      detail: restart.text,
      lostDeviceMs: restart.lostDeviceMs ?? null,
      counterBeforeMl: null,
      counterAfterMl: null,
    };
    restarts.push(record);
    restartsUnseen.push(record);
    // A syringe pump that restarted stands still: the follower must send rate and RUN again.
    follower?.deviceStopped();
  };

  const deviceEvents: DeviceEventRecord[] = [];
  const offEvents = device.onEvent?.((event) => {
    if (event.type !== 'telemetry') deviceEvents.push({ ...event, atMs: clock.now() } as DeviceEventRecord);
    if (event.type === 'link-lost') onLost(`link lost: ${JSON.stringify(event.detail)}`);
    if (event.type === 'link-restored') onRestored();
    if (event.type === 'restart') onRestart(event.detail);
  });
  const guard = new LinkGuard({
    giveUpMs: options.linkGiveUpMs ?? 60_000,
    clock: options.linkClock ?? new RealClock(),
    onLost,
    onBack: onRestored,
  });

  /** Reads the counter (set once the accounting exists); the follower runs it before a restarted pump starts again. */
  let settleCounter: () => Promise<void> = async () => undefined;
  const follower = rateMode
    ? new RateFollower(
        actor,
        device,
        guard,
        () => clock.now(),
        speedFactor,
        note,
        () => settleCounter(),
      )
    : undefined;
  const mirror = new StepMirror({
    actor,
    device,
    guard,
    note,
    ...(follower === undefined
      ? {}
      : {
          afterStep: async (event) => {
            if (event.type === 'DRAIN') await follower.stop();
            await follower.follow();
          },
        }),
  });

  try {
    const identity = await guard.run({ label: 'identify', run: () => device.identify() });
    if (device.capabilities.reservoir) {
      // The model starts empty; a device that does not will be refused its first fill.
      const status = await guard.run({ label: 'status', run: () => device.status() });
      if (status.state !== 'empty' || (status.reservoirMl ?? 0) > 0) {
        note(`the device starts ${status.raw} with ${status.reservoirMl?.toFixed(4) ?? '?'} mL, the model starts empty: expect deviations`);
      }
    }
    const setEnvironment = device.setEnvironment?.bind(device);
    if (scenario.environment !== undefined && device.capabilities.environment && setEnvironment !== undefined) {
      const env = scenario.environment;
      await guard.run({ label: 'environment', run: () => setEnvironment(env) });
    }

    // ---- comparisons and the ledger ----
    const counterStartMl = await guard.run({ label: 'read delivered', run: () => device.readDeliveredMl() });
    const comparisons: Comparison[] = [];
    const ledger: LedgerEntry[] = [];
    /** The device's counter as read (its own units) and as counted (kept monotonic across restarts). */
    let lastRawCounterMl = counterStartMl;
    let lastCounterMl = counterStartMl;
    let counterCorrectionMl = 0;
    let lastLedgerAtMs = clock.now();
    let deviating = false;
    let deviations = 0;

    /**
     * The device's counter, counted. In lockstep a restart never shows here: the driver has
     * delivered again what the restart lost before any read. A real-time pump cannot: when its
     * counter went back across a restart (counts since its last NVM commit lost), the volume
     * read before is kept, so nothing counted is lost and nothing is counted twice.
     */
    const readCounterMl = async (): Promise<number> => {
      const rawMl = await guard.run({ label: 'read delivered', run: () => device.readDeliveredMl() });
      if (restartsUnseen.length > 0) {
        const seen = restartsUnseen;
        restartsUnseen = [];
        if (mode !== 'lockstep' && rawMl < lastRawCounterMl) {
          counterCorrectionMl += lastRawCounterMl - rawMl;
          note(
            `the device's counter went back ${(lastRawCounterMl - rawMl).toFixed(4)} mL across a restart; the volume read before it is kept`,
          );
        }
        for (const record of seen) {
          record.counterBeforeMl = lastRawCounterMl;
          record.counterAfterMl = rawMl;
        }
      }
      lastRawCounterMl = rawMl;
      return rawMl + counterCorrectionMl;
    };

    settleCounter = async () => {
      await readCounterMl();
    };

    const compare = async (why: Comparison['why']): Promise<Comparison> => {
      const counterMl = await readCounterMl();
      const readReservoir = device.readReservoirMl?.bind(device);
      const deviceReservoirMl =
        device.capabilities.reservoir && readReservoir !== undefined
          ? await guard.run({ label: 'read reservoir', run: readReservoir })
          : null;
      const atMs = clock.now();
      ledger.push({ fromMs: lastLedgerAtMs, toMs: atMs, deltaMl: counterMl - lastCounterMl });
      lastCounterMl = counterMl;
      lastLedgerAtMs = atMs;
      const context = actor.getSnapshot().context;
      const deviceDeliveredMl = counterMl - counterStartMl;
      const modelDeliveredMl = deliveredAt(context, atMs);
      const delivered = deviationOf(deviceDeliveredMl, modelDeliveredMl, tolerance);
      const modelReservoirMl = device.capabilities.reservoir ? remainingAt(context, atMs) : null;
      const reservoir =
        deviceReservoirMl === null || modelReservoirMl === null ? null : deviationOf(deviceReservoirMl, modelReservoirMl, tolerance);
      const comparison: Comparison = {
        atMs,
        day: dayOf(atMs),
        why,
        deviceDeliveredMl,
        modelDeliveredMl,
        deliveredDiffMl: delivered.diffMl,
        deviceReservoirMl,
        modelReservoirMl,
        reservoirDiffMl: reservoir?.diffMl ?? null,
        withinTolerance: !delivered.exceeded && reservoir?.exceeded !== true,
      };
      comparisons.push(comparison);
      options.onComparison?.(comparison);
      if (!comparison.withinTolerance && !deviating) {
        deviating = true;
        deviations++;
        const parts = [
          `delivered ${deviceDeliveredMl.toFixed(4)} vs model ${modelDeliveredMl.toFixed(4)} mL (limit ±${delivered.limitMl.toFixed(3)})`,
        ];
        if (reservoir !== null && deviceReservoirMl !== null && modelReservoirMl !== null) {
          parts.push(
            `reservoir ${deviceReservoirMl.toFixed(4)} vs ${modelReservoirMl.toFixed(4)} mL (limit ±${reservoir.limitMl.toFixed(3)})`,
          );
        }
        actor.send({ type: 'FAULT', cause: 'device-deviation', detail: `device ${parts.join('; ')}`.slice(0, 200) });
      } else if (comparison.withinTolerance) {
        // The episode ends when the device is back within tolerance; a new excursion alarms again.
        deviating = false;
      }
      if (follower !== undefined) {
        options.onProgress?.({ atMs, day: dayOf(atMs), rateMlPerDay: follower.currentRateMlPerDay, deviceDeliveredMl, modelDeliveredMl });
      }
      return comparison;
    };

    // ---- time ----
    let deviceAtMs = startAtMs;
    const reach = async (atMs: number): Promise<void> => {
      if (mode === 'lockstep') {
        const advance = device.advanceTimeMs?.bind(device);
        if (advance === undefined) throw new DeviceError('simulatedTime without advanceTimeMs', 'unsupported');
        // The increment is handed over once; retries pass 0 and the driver completes the rest.
        let pendingMs = atMs - deviceAtMs;
        deviceAtMs = atMs;
        await guard.run({
          label: 'advance time',
          run: () => {
            const ms = pendingMs;
            pendingMs = 0;
            return advance(ms);
          },
        });
      }
      if (clock instanceof VirtualClock) clock.runUntil(atMs);
      else if (clock.now() < atMs) await new Promise<void>((resolve) => clock.setTimeout(resolve, atMs - clock.now()));
    };

    const steps = scenario.steps
      .map((step) => ({ atMs: startAtMs + Math.round(step.day * MS_PER_DAY), step }))
      .filter((s) => s.atMs <= endAtMs);
    let nextStep = 0;
    let nextCompareAtMs = startAtMs + compareEveryMs;
    let nextRateAtMs = startAtMs + rateEveryMs;
    // A real-time pump is asked on this cadence whether it still runs (a restart stops it).
    const watchEveryMs =
      follower !== undefined && (mode === 'scaled' || options.watchEveryMs !== undefined)
        ? (options.watchEveryMs ?? 1000 * speedFactor)
        : undefined;
    let nextWatchAtMs = watchEveryMs === undefined ? undefined : startAtMs + watchEveryMs;
    await compare('start');

    for (;;) {
      const candidates = [
        steps[nextStep]?.atMs,
        nextCompareAtMs,
        endAtMs,
        follower === undefined ? undefined : nextRateAtMs,
        nextWatchAtMs,
      ];
      if (clock instanceof VirtualClock) candidates.push(clock.nextDueAtMs());
      const targetMs = Math.max(clock.now(), Math.min(...candidates.filter((t): t is number => t !== undefined)));
      await reach(targetMs);
      const nowMs = clock.now();
      let stepped = false;
      for (let s = steps[nextStep]; s !== undefined && s.atMs <= nowMs; s = steps[nextStep]) {
        nextStep++;
        await mirror.apply(stepEvent(s.step));
        stepped = true;
      }
      if (follower !== undefined && watchEveryMs !== undefined && nextWatchAtMs !== undefined && nowMs >= nextWatchAtMs) {
        await follower.verifyRunning();
        while (nextWatchAtMs <= nowMs) nextWatchAtMs += watchEveryMs;
      }
      if (follower !== undefined && (nowMs >= nextRateAtMs || follower.needsRestart)) {
        await follower.follow();
        while (nextRateAtMs <= nowMs) nextRateAtMs += rateEveryMs;
      }
      if (nowMs >= endAtMs) break;
      if (stepped || nowMs >= nextCompareAtMs) await compare(stepped ? 'step' : 'cadence');
      while (nextCompareAtMs <= nowMs) nextCompareAtMs += compareEveryMs;
    }
    const final = await compare('end');
    await follower?.stop();

    const counterEndMl = lastRawCounterMl;
    const ledgerMl = ledger.reduce((sum, e) => sum + e.deltaMl, 0);
    return {
      identity,
      mode,
      simulation: simulationResultOf({ actor, recorder, startAtMs, endAtMs, telemetry: null }),
      comparisons,
      ledger,
      reconciliation: {
        counterStartMl,
        counterEndMl,
        deviceDeliveredMl: final.deviceDeliveredMl,
        modelDeliveredMl: final.modelDeliveredMl,
        differenceMl: final.deliveredDiffMl,
        ledgerMl,
        withinTolerance: !deviationOf(final.deviceDeliveredMl, final.modelDeliveredMl, tolerance).exceeded,
        ...(counterCorrectionMl === 0 ? {} : { counterCorrectionMl }),
      },
      linkEpisodes,
      restarts,
      deviations,
      deviceEvents,
      notes,
    };
  } finally {
    offEvents?.();
    actor.stop();
    if (clock instanceof ScaledClock) clock.clearAll();
  }
}
