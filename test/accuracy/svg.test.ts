import { describe, expect, it } from 'vitest';
import { analyse, flowSeriesSvg, startupCurveSvg, trumpetSvg, type MassSample } from '../../src/accuracy/index.ts';

/**
 * A tiny well-formedness check, enough for our own output: every tag closes in order, attribute
 * values are quoted, and text holds no raw `<` or `&`.
 */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let match = tag.exec(svg); match !== null; match = tag.exec(svg)) {
    const between = svg.slice(last, match.index);
    expect(between, `stray markup before ${match[0]}`).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|quot;)/);
    last = tag.lastIndex;
    const [, closing, name = '', , selfClosing] = match;
    if (selfClosing === '/') continue;
    if (closing === '/') expect(stack.pop(), `</${name}>`).toBe(name);
    else stack.push(name);
  }
  expect(svg.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
}

function run(): MassSample[] {
  const samples: MassSample[] = [];
  for (let i = 0; i <= 240; i += 1) {
    const atS = i * 30;
    // start-up lag then a small ripple, so the curves are not flat
    const atMin = atS / 60;
    samples.push({ atS, massG: (atMin - 5 * (1 - Math.exp(-atMin / 5))) / 60 + 0.0002 * Math.sin(i) });
  }
  return samples;
}

const analysis = analyse({ samples: run(), rateMlPerH: 1, densityGPerMl: 1 });

describe('SVG plots', () => {
  it('trumpet curve: well-formed, axes labelled, nominal (zero) and A lines, legend', () => {
    const svg = trumpetSvg(analysis);
    assertWellFormed(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('observation window P (min)');
    expect(svg).toContain('flow error (%)');
    expect(svg).toContain('class="nominal zero"');
    expect(svg).toContain('class="overall-error"');
    expect(svg).toContain('Ep(max)');
    expect(svg).toContain('Ep(min)');
    expect(svg).toMatch(/overall error A = -?\d+\.\d\d %/);
    for (const p of [2, 5, 11, 19, 31]) expect(svg).toContain(`>${p}</text>`);
  });
  it('start-up curve: well-formed, 0–120 min axis, nominal line', () => {
    const svg = startupCurveSvg(analysis.startupCurve, 1);
    assertWellFormed(svg);
    expect(svg).toContain('time (min)');
    expect(svg).toContain('flow (mL/h)');
    expect(svg).toContain('class="nominal"');
    expect(svg).toContain('nominal 1 mL/h');
    expect(svg).toContain('>120</text>');
  });
  it('flow vs time: well-formed, nominal line', () => {
    const svg = flowSeriesSvg(analysis.flowSeries, 1);
    assertWellFormed(svg);
    expect(svg).toContain('class="nominal"');
    expect(svg).toContain('Flow vs time');
  });
  it('escapes text and survives empty data', () => {
    assertWellFormed(startupCurveSvg([], 1));
    assertWellFormed(flowSeriesSvg([{ fromS: 0, toS: 30, flowMlPerH: Number.NaN }], 1));
  });
  it('the well-formedness check itself rejects broken markup', () => {
    expect(() => assertWellFormed('<svg><g></svg>')).toThrow();
    expect(() => assertWellFormed('<svg><text>a < b</text></svg>')).toThrow();
  });
});
