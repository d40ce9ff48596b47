import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/accuracy/analysis.ts';
import type { ChartMeta } from '../../../src/accuracy/charts/meta.ts';
import { chartFiles, renderSvg } from '../../../src/accuracy/charts/render.ts';
import { startupSpec } from '../../../src/accuracy/charts/startup.ts';
import { expectWellFormed, steadyRun } from './vega-view.ts';

const ANALYSIS = analyse({ samples: steadyRun(120), rateMlPerH: 1, densityGPerMl: 1 });
const META: ChartMeta = { runId: 7, device: 'ne1000:/dev/ttyUSB0', syringe: 'bd-plastipak-60ml', dateIso: '2026-12-05T14:03:00Z' };

describe('SVG rendering in Node', () => {
  it('three well-formed SVG files of one size, each titled, with the run, device, syringe and date', async () => {
    const files = await chartFiles(ANALYSIS, META);
    const titles = {
      startup: 'Start-up curve, set rate 1 mL/h',
      trumpet: 'Trumpet curve, set rate 1 mL/h',
      flow: 'Flow vs time, set rate 1 mL/h',
    };
    for (const kind of ['startup', 'trumpet', 'flow'] as const) {
      const svg = files[kind];
      expectWellFormed(svg);
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* width="760" height="440"/);
      expect(svg).toContain(`>${titles[kind]}</text>`);
      expect(svg).toContain('>run 7 · ne1000:/dev/ttyUSB0 · syringe bd-plastipak-60ml · 2026-12-05 14:03 UTC<');
    }
  });
  it('axes with units, the named marks as CSS classes, the legend', async () => {
    const files = await chartFiles(ANALYSIS, META);
    expect(files.startup).toContain('time (min)');
    expect(files.startup).toContain('flow (mL/h)');
    expect(files.startup).toContain('class="mark-rule role-mark nominal_marks"');
    expect(files.startup).toContain('class="mark-rect role-mark period_marks"');
    expect(files.startup).toContain('>analysis period</text>');
    expect(files.startup).toContain('>set rate 1 mL/h</text>');
    expect(files.flow).toContain('class="mark-rect role-mark period_marks"');
    expect(files.trumpet).toContain('observation window P (min)');
    expect(files.trumpet).toContain('flow error (%)');
    expect(files.trumpet).toContain('class="mark-rule role-mark overall_error_marks"');
    expect(files.trumpet).toContain('class="mark-rule role-mark nominal_marks"');
    expect(files.trumpet).toMatch(/>overall error A = -?\d+\.\d\d %<\/text>/);
    for (const p of [2, 5, 11, 19, 31]) expect(files.trumpet).toContain(`>${p}</text>`);
  });
  it('a long subtitle does not squeeze the plot (text is measured like a browser does, not at 0.8 em a character)', async () => {
    const plotFrame = (svg: string): string | undefined =>
      /<path class="background" aria-hidden="true" d="(M0\.5,0\.5h[\d.]+v[\d.]+h-[\d.]+Z)"/.exec(svg)?.[1];
    const short = await renderSvg(startupSpec(ANALYSIS, { runId: 1, device: 'sim', syringe: null, dateIso: '2026-12-05' }));
    const long = await renderSvg(
      startupSpec(ANALYSIS, { ...META, label: 'second-hour check', device: 'ne1000:/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K-if00' }),
    );
    expect(plotFrame(short)).toBeDefined();
    expect(plotFrame(long)).toBe(plotFrame(short));
  });
  it('escapes what the user typed', async () => {
    const svg = await renderSvg(startupSpec(ANALYSIS, { ...META, device: 'rig <A & B>' }));
    expectWellFormed(svg);
    expect(svg).toContain('rig &lt;A &amp; B&gt;');
  });
  it('the well-formedness check itself rejects broken markup', () => {
    expect(() => expectWellFormed('<svg><g></svg>')).toThrow();
    expect(() => expectWellFormed('<svg><text>a < b</text></svg>')).toThrow();
  });
});
