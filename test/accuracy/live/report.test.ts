import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseLiveRun, liveChartMeta, liveReportJson, type LiveRunSetup, writeLiveOutputs } from '../../../src/accuracy/live/index.ts';
import { steadyRun } from '../charts/vega-view.ts';

const SETUP: LiveRunSetup = {
  pump: 'ne1000:/dev/ttyUSB0',
  balance: 'mtsics:/dev/ttyUSB1',
  rateMlPerH: 1,
  minutes: 60,
  intervalS: 30,
  speed: 1,
  readMode: 'immediate',
  densityGPerMl: 1,
  densitySource: 'given',
  startedAtIso: '2026-12-05T14:03:09.000Z',
  syringe: 'bd-plastipak-60ml',
  label: 'second-hour check',
};
const REPORT = analyseLiveRun(SETUP, {
  samples: steadyRun(60).map((s) => ({ ...s, stable: true })),
  startedAtMs: 0,
  pumpDeliveredMl: { atStart: 0, atEnd: 1 },
  interrupted: false,
});

describe('live run outputs', () => {
  it('the plots meta comes from the set-up, with the run id given', () => {
    expect(liveChartMeta(REPORT, 9)).toEqual({
      runId: 9,
      label: 'second-hour check',
      device: 'ne1000:/dev/ttyUSB0',
      syringe: 'bd-plastipak-60ml',
      dateIso: '2026-12-05T14:03:09.000Z',
    });
    const bare = analyseLiveRun({ ...SETUP, syringe: undefined, label: undefined }, REPORT.run);
    expect(liveChartMeta(bare, null)).toMatchObject({ runId: null, label: null, syringe: null });
  });
  it('result.json names the syringe and the label (null when not given)', () => {
    expect(liveReportJson(REPORT)).toMatchObject({ syringe: 'bd-plastipak-60ml', label: 'second-hour check' });
    expect(liveReportJson(analyseLiveRun({ ...SETUP, syringe: undefined, label: undefined }, REPORT.run))).toMatchObject({
      syringe: null,
      label: null,
    });
  });
  it('writes the CSV, the JSON and three SVG plots subtitled with the run', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'haipump-live-')), 'out');
    const written = await writeLiveOutputs(dir, REPORT, liveChartMeta(REPORT, 9));
    expect(readdirSync(dir).sort()).toEqual(['flow.svg', 'result.json', 'samples.csv', 'startup.svg', 'trumpet.svg']);
    expect(Object.keys(written).sort()).toEqual(['csv', 'flow', 'json', 'startup', 'trumpet']);
    for (const name of ['startup.svg', 'trumpet.svg', 'flow.svg']) {
      const svg = readFileSync(join(dir, name), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('>run 9 · second-hour check · ne1000:/dev/ttyUSB0 · syringe bd-plastipak-60ml · 2026-12-05 14:03 UTC<');
    }
  });
});
