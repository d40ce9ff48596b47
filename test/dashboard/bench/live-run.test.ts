import { describe, expect, it } from 'vitest';
import { AccuracyError } from '../../../src/accuracy/errors.ts';
import { analyseLiveRun, type LiveReport } from '../../../src/accuracy/live/index.ts';
import { type BenchSetup, type BenchView, LiveBenchRun } from '../../../src/dashboard/bench/index.ts';
import { asLiveRun, benchSamples, benchSetup, RUN_KEY } from './bench-run.ts';

const T0_MS = Date.parse('2026-05-04T09:00:00Z');

function near(actual: number | undefined, expected: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(1e-9);
}

/** Feeds every sample at real-time speed and returns the run and the view after each sample. */
function feed(setup: BenchSetup, count?: number): { run: LiveBenchRun; views: BenchView[] } {
  const run = new LiveBenchRun(setup);
  const views = benchSamples(setup, count).map((sample) => {
    expect(run.addSample(sample, T0_MS + sample.atS * 1000)).toEqual({ kind: 'accepted' });
    return run.view();
  });
  return { run, views };
}

function expectReportFigures(view: BenchView, report: LiveReport): void {
  const a = report.analysis;
  expect(view.period).toEqual({ ...a.period, intervals: a.intervals, final: true });
  near(view.overall?.meanFlowMlPerH, a.meanFlowMlPerH);
  near(view.overall?.overallErrorPct, a.overallErrorPct);
  expect(view.overall?.final).toBe(true);
  expect(view.trumpet.complete).toBe(true);
  expect(view.trumpet.windows.map((w) => [w.minutes, w.k, w.m])).toEqual(a.windows.map((w) => [w.minutes, w.k, w.m]));
  a.windows.forEach((w, i) => {
    near(view.trumpet.windows[i]?.epMaxPct, w.epMaxPct);
    near(view.trumpet.windows[i]?.epMinPct, w.epMinPct);
  });
  const iso = view.iso28620;
  expect(iso?.known).toBe(true);
  near(iso?.mean.flowMlPerH, report.iso28620.meanFlowMlPerH);
  near(iso?.mean.errorPct, report.iso28620.meanErrorPct);
  near(iso?.inBand.volumePct, report.iso28620.inBandPct);
  near(iso?.inBand.deliveredMl, report.iso28620.deliveredMl);
  near(iso?.inBand.inBandMl, report.iso28620.inBandMl);
  expect([iso?.mean.pass, iso?.inBand.pass, iso?.pass]).toEqual([
    report.iso28620.meanPass,
    report.iso28620.inBandPass,
    report.iso28620.pass,
  ]);
  expect(view.startupCurve.length).toBe(a.startupCurve.length);
  a.startupCurve.forEach((p, i) => {
    near(view.startupCurve[i]?.atMin, p.atMin);
    near(view.startupCurve[i]?.flowMlPerH, p.flowMlPerH);
  });
  expect(view.flows.length).toBe(a.flowSeries.length);
  for (const [i, f] of a.flowSeries.entries()) near(view.flows[i]?.flowMlPerH, f.flowMlPerH);
  expect(view.problem).toBeNull();
}

describe('LiveBenchRun: the final figures are the report’s', () => {
  const cases: [string, Partial<BenchSetup>][] = [
    ['120 min (period 60–120, five windows)', { minutes: 120 }],
    ['60 min (the second half, 30–60, windows to 19 min)', { minutes: 60 }],
    ['60 min with a period given (10–40)', { minutes: 60, startMin: 10, endMin: 40 }],
    ['120 min at 2 mL/h, density 0.998', { minutes: 120, rateMlPerH: 2, densityGPerMl: 0.998 }],
  ];
  it.each(cases)('%s', (_name, overrides) => {
    const setup = benchSetup(overrides);
    const { run } = feed(setup);
    const oracle = asLiveRun(setup, benchSamples(setup));
    const report = analyseLiveRun(oracle.setup, oracle.run);
    expect(report.analysis.windows.length).toBeGreaterThan(0);
    expectReportFigures(run.view(), report);
    // The end changes the status, not the figures.
    run.end({ type: 'end', runKey: RUN_KEY, status: 'complete', runId: 7 });
    expectReportFigures(run.view(), report);
  });
});

describe('LiveBenchRun: figures as they arrive', () => {
  // S = 0.5 min, so a window of P min needs k = P/S = 2·P intervals. The period 60–120 min starts at
  // sample 120 (60 min); after sample 120 + j, j intervals lie inside. So P first appears at sample 120 + 2·P.
  const FIRST_SAMPLE = { 2: 124, 5: 130, 11: 142, 19: 158, 31: 182 };

  it('lists no window and knows no ISO figure before the period, then adds each window at 120 + k', () => {
    const { views } = feed(benchSetup({ minutes: 120 }));
    views.slice(0, 121).forEach((view) => {
      expect(view.trumpet.windows).toEqual([]);
      expect(view.overall).toBeNull();
      expect(view.iso28620).toBeNull();
      expect(view.period.intervals).toBe(0);
    });
    views.slice(0, 240).forEach((view) => {
      expect(view.iso28620?.known ?? false).toBe(false);
      expect(view.iso28620?.pass ?? null).toBeNull();
      expect(view.trumpet.complete).toBe(false);
      expect(view.overall?.final ?? false).toBe(false);
    });
    const counts = views.map((v) => v.trumpet.windows.length);
    for (const [i, count] of counts.entries()) expect(count).toBeGreaterThanOrEqual(counts[i - 1] ?? 0);
    const firstSample = Object.fromEntries(
      [2, 5, 11, 19, 31].map((p) => [p, views.findIndex((v) => v.trumpet.windows.some((w) => w.minutes === p))]),
    );
    expect(firstSample).toEqual(FIRST_SAMPLE);
    expect(views[123]?.period.intervals).toBe(3);
    expect(views[124]?.period.intervals).toBe(4);
    expect(views[124]?.trumpet.windows).toEqual([expect.objectContaining({ minutes: 2, k: 4, m: 1 })]);
    expect(views[240]?.iso28620?.known).toBe(true);
    expect(views[240]?.trumpet.complete).toBe(true);
    expect(views[240]?.trumpet.plannedMin).toEqual([2, 5, 11, 19, 31]);
  });

  it('gives provisional figures over the period so far, as analyse() gives for the period cut there', () => {
    const setup = benchSetup({ minutes: 120 });
    const { views } = feed(setup, 161);
    const view = views[160];
    const cut = asLiveRun({ ...setup, startMin: 60, endMin: 80 }, benchSamples(setup, 161));
    const report = analyseLiveRun(cut.setup, cut.run);
    expect(view?.period).toEqual({ startMin: 60, endMin: 120, intervals: 40, final: false });
    near(view?.overall?.meanFlowMlPerH, report.analysis.meanFlowMlPerH);
    expect(view?.trumpet.windows.map((w) => w.minutes)).toEqual([2, 5, 11, 19]);
    for (const [i, w] of report.analysis.windows.entries()) near(view?.trumpet.windows[i]?.epMaxPct, w.epMaxPct);
    expect(view?.iso28620).toMatchObject({ known: false, pass: null, mean: { pass: null }, inBand: { pass: null } });
    near(view?.iso28620?.inBand.volumePct, report.iso28620.inBandPct);
  });

  it('shows the start-up curve from the second sample, before the period', () => {
    const { views } = feed(benchSetup({ minutes: 120 }), 11);
    expect(views[0]?.startupCurve).toEqual([]);
    expect(views[10]?.startupCurve.length).toBe(10);
    expect(views[10]?.flows.length).toBe(10);
    expect(views[10]?.samples.length).toBe(11);
  });

  it('names the gap a missing sample leaves, as the report refuses it', () => {
    const setup = benchSetup({ minutes: 60 });
    const samples = benchSamples(setup).filter((s) => s.index !== 50);
    const run = new LiveBenchRun(setup);
    for (const s of samples) expect(run.addSample(s, T0_MS + s.atS * 1000).kind).toBe('accepted');
    expect(run.view().problem?.code).toBe('gap');
    expect(run.view().overall).toBeNull();
    const oracle = asLiveRun(setup, samples);
    expect(() => analyseLiveRun(oracle.setup, oracle.run)).toThrow(expect.objectContaining({ code: 'gap' }));
  });
});

describe('LiveBenchRun: messages that must not change the view', () => {
  it('ignores a repeated sample and refuses one out of order or not later in time', () => {
    const setup = benchSetup({ minutes: 60 });
    const samples = benchSamples(setup);
    const run = new LiveBenchRun(setup);
    for (const s of samples.slice(0, 11)) run.addSample(s, T0_MS + s.atS * 1000);
    const before = structuredClone(run.view());
    const fifth = samples[5];
    const tenth = samples[10];
    if (fifth === undefined || tenth === undefined) throw new Error('fixture too short');

    expect(run.addSample(fifth, T0_MS + 999_999).kind).toBe('ignored');
    expect(run.addSample({ ...fifth, massG: 99 }, T0_MS).kind).toBe('ignored');
    expect(run.addSample({ ...tenth, index: 11, atS: tenth.atS }, T0_MS).kind).toBe('refused');
    expect(run.addSample({ ...tenth, index: 11, atS: tenth.atS - 1 }, T0_MS).kind).toBe('refused');
    expect(run.addSample({ ...tenth, index: 11, total: 240, atS: 330 }, T0_MS).kind).toBe('refused');
    expect(run.addSample({ ...tenth, runKey: 'other', index: 11, atS: 330 }, T0_MS).kind).toBe('refused');
    expect(run.addSample({ ...tenth, index: 11, atS: 330 }, Number.NaN).kind).toBe('refused');
    expect(run.view()).toEqual(before);

    // Sample 12 before 11: 12 is taken (the gap shows as a problem), then 11 is out of order.
    const twelfth = samples[12];
    const eleventh = samples[11];
    if (twelfth === undefined || eleventh === undefined) throw new Error('fixture too short');
    expect(run.addSample(twelfth, T0_MS).kind).toBe('accepted');
    const after = structuredClone(run.view());
    const refused = run.addSample(eleventh, T0_MS);
    expect(refused).toEqual({ kind: 'refused', reason: 'sample 11 after sample 12' });
    expect(run.view()).toEqual(after);
  });

  it('refuses a set-up the analysis could never use', () => {
    expect(() => new LiveBenchRun(benchSetup({ densityGPerMl: 998 }))).toThrow(AccuracyError);
    expect(() => new LiveBenchRun(benchSetup({ startMin: 40, endMin: 40 }))).toThrow(AccuracyError);
  });
});

describe('LiveBenchRun: links, end and progress', () => {
  it('keeps the last link state per device and the end status', () => {
    const setup = benchSetup({ minutes: 60 });
    const run = new LiveBenchRun(setup);
    expect(run.view().links).toEqual({ pump: null, balance: null });
    expect(run.view().status).toBe('running');
    run.apply({ type: 'link', runKey: RUN_KEY, device: 'pump', state: 'connecting' }, T0_MS);
    run.apply({ type: 'link', runKey: RUN_KEY, device: 'pump', state: 'up' }, T0_MS);
    run.apply({ type: 'link', runKey: RUN_KEY, device: 'balance', state: 'down', detail: 'no reply in 2 s' }, T0_MS);
    expect(run.view().links).toEqual({ pump: { state: 'up', detail: null }, balance: { state: 'down', detail: 'no reply in 2 s' } });
    expect(run.apply({ type: 'link', runKey: 'other', device: 'pump', state: 'down' }, T0_MS).kind).toBe('refused');

    const samples = benchSamples(setup, 3);
    for (const s of samples) run.apply(s, T0_MS + s.atS * 1000);
    expect(run.apply({ type: 'end', runKey: RUN_KEY, status: 'interrupted', runId: 12, message: 'SIGINT' }, T0_MS)).toEqual({
      kind: 'accepted',
    });
    const view = run.view();
    expect([view.status, view.runId, view.endMessage, view.progress.etaS]).toEqual(['interrupted', 12, 'SIGINT', null]);
    expect(run.apply({ type: 'end', runKey: RUN_KEY, status: 'complete', runId: 13 }, T0_MS).kind).toBe('refused');
    const next = benchSamples(setup, 4)[3];
    if (next === undefined) throw new Error('fixture too short');
    expect(run.addSample(next, T0_MS).kind).toBe('refused');
    expect(run.view().progress.samples).toBe(3);
  });

  it('gives the ETA from the observed speed: 2× real time with half the device time left', () => {
    // 60 min at S = 30 s: the last sample, 120, is due at 3600 s. Samples 0…60 (0…1800 s) arrive
    // in 900 s of wall time, 2× real time; 1800 device s are left, so 1800 / 2 = 900 real s.
    const setup = benchSetup({ minutes: 60 });
    const run = new LiveBenchRun(setup);
    expect(run.view().progress).toEqual({ samples: 0, total: null, fraction: null, deviceElapsedS: 0, etaS: null });
    for (let index = 0; index <= 60; index += 1) {
      const atS = index * 30;
      run.addSample({ type: 'sample', runKey: RUN_KEY, index, total: 120, atS, massG: atS / 3600, stable: true }, T0_MS + atS * 500);
      if (index === 0) expect(run.view().progress.etaS).toBeNull();
    }
    expect(run.view().progress).toEqual({ samples: 61, total: 120, fraction: 0.5, deviceElapsedS: 1800, etaS: 900 });
  });
});
