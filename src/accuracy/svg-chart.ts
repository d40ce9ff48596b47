/**
 * A minimal dependency-free SVG line chart: axes with ticks and labels, title, legend,
 * horizontal reference lines. Just enough for the accuracy plots; output is a string so it can be
 * written to a file, embedded in HTML, or checked in a test.
 */
export interface Point {
  x: number;
  y: number;
}

export interface Series {
  label: string;
  points: readonly Point[];
  color: string;
  /** draw a dot at each point (few points, e.g. trumpet curve) */
  markers?: boolean;
}

export interface ReferenceLine {
  y: number;
  label: string;
  color: string;
  dash?: string;
  /** a CSS class so tools and tests can find the line (e.g. "nominal") */
  className: string;
}

export interface Range {
  min: number;
  max: number;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  referenceLines?: readonly ReferenceLine[];
  /** fixed x range; default: the data's */
  x?: Range;
  /** tick positions on x; default: "nice" ticks */
  xTicks?: readonly number[];
  /** always include these y values in the y range (e.g. 0 and the nominal) */
  yInclude?: readonly number[];
}

const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { left: 72, right: 200, top: 44, bottom: 56 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

export function lineChart(spec: ChartSpec): string {
  const refs = spec.referenceLines ?? [];
  const finite = spec.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const xRange = spec.x ?? padRange(rangeOf(finite.map((p) => p.x)), 0);
  const yTicks = niceTicks(padRange(rangeOf([...finite.map((p) => p.y), ...refs.map((r) => r.y), ...(spec.yInclude ?? [])]), 0.05));
  const yRange = { min: yTicks[0] ?? 0, max: yTicks.at(-1) ?? 1 };
  const xTicks = spec.xTicks ?? niceTicks(xRange);
  const sx = (x: number): number => MARGIN.left + ((x - xRange.min) / (xRange.max - xRange.min || 1)) * PLOT_W;
  const sy = (y: number): number => MARGIN.top + PLOT_H - ((y - yRange.min) / (yRange.max - yRange.min || 1)) * PLOT_H;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(spec.title)}</text>`,
    axes(xTicks, yTicks, sx, sy),
    `<text class="x-label" x="${MARGIN.left + PLOT_W / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
    `<text class="y-label" x="18" y="${MARGIN.top + PLOT_H / 2}" text-anchor="middle" transform="rotate(-90 18 ${MARGIN.top + PLOT_H / 2})">${escapeXml(spec.yLabel)}</text>`,
  ];
  for (const ref of refs) {
    const y = n(sy(ref.y));
    parts.push(
      `<line class="${ref.className}" x1="${n(MARGIN.left)}" y1="${y}" x2="${n(MARGIN.left + PLOT_W)}" y2="${y}" stroke="${ref.color}" stroke-width="1.5"${ref.dash === undefined ? '' : ` stroke-dasharray="${ref.dash}"`}/>`,
    );
  }
  for (const series of spec.series) parts.push(seriesPath(series, sx, sy));
  parts.push(legend([...spec.series.map((s) => ({ label: s.label, color: s.color })), ...refs]));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function axes(xTicks: readonly number[], yTicks: readonly number[], sx: (x: number) => number, sy: (y: number) => number): string {
  const bottom = MARGIN.top + PLOT_H;
  const out = [
    `<g class="axes" stroke="black" fill="none">`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${PLOT_W}" height="${PLOT_H}"/>`,
    `</g>`,
    `<g class="ticks" font-size="11">`,
  ];
  for (const t of xTicks) {
    const x = n(sx(t));
    out.push(`<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 5}" stroke="black"/>`);
    out.push(`<text x="${x}" y="${bottom + 18}" text-anchor="middle">${formatTick(t)}</text>`);
  }
  for (const t of yTicks) {
    const y = n(sy(t));
    out.push(`<line x1="${MARGIN.left - 5}" y1="${y}" x2="${MARGIN.left}" y2="${y}" stroke="black"/>`);
    out.push(`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + PLOT_W}" y2="${y}" stroke="#e4e4e4"/>`);
    out.push(`<text x="${MARGIN.left - 8}" y="${n(sy(t) + 4)}" text-anchor="end">${formatTick(t)}</text>`);
  }
  out.push('</g>');
  return out.join('\n');
}

function seriesPath(series: Series, sx: (x: number) => number, sy: (y: number) => number): string {
  const points = series.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (points.length === 0) return '';
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(sx(p.x))},${n(sy(p.y))}`).join(' ');
  const out = [`<g class="series"><path d="${d}" fill="none" stroke="${series.color}" stroke-width="1.5"/>`];
  if (series.markers === true) {
    for (const p of points) out.push(`<circle cx="${n(sx(p.x))}" cy="${n(sy(p.y))}" r="3" fill="${series.color}"/>`);
  }
  out.push('</g>');
  return out.join('');
}

function legend(entries: ReadonlyArray<{ label: string; color: string; dash?: string | undefined }>): string {
  const x = MARGIN.left + PLOT_W + 14;
  const out = ['<g class="legend">'];
  entries.forEach((entry, i) => {
    const y = MARGIN.top + 10 + i * 20;
    out.push(
      `<line x1="${x}" y1="${y}" x2="${x + 22}" y2="${y}" stroke="${entry.color}" stroke-width="2"${entry.dash === undefined ? '' : ` stroke-dasharray="${entry.dash}"`}/>`,
      `<text x="${x + 28}" y="${y + 4}">${escapeXml(entry.label)}</text>`,
    );
  });
  out.push('</g>');
  return out.join('\n');
}

function rangeOf(values: readonly number[]): Range {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { min: 0, max: 1 };
  return { min: Math.min(...finite), max: Math.max(...finite) };
}

function padRange(range: Range, fraction: number): Range {
  const span = range.max - range.min;
  if (span === 0) return { min: range.min - 1, max: range.max + 1 };
  return { min: range.min - span * fraction, max: range.max + span * fraction };
}

/** Ticks at 1, 2 or 5 × 10^n steps covering the range, about six of them. */
export function niceTicks(range: Range, target = 6): number[] {
  const span = range.max - range.min;
  const rough = span / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const first = Math.floor(range.min / step) * step;
  const ticks: number[] = [];
  for (let t = first; t <= range.max + step * 0.999; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function formatTick(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/** Coordinates to two decimals: sub-pixel enough, and keeps the file small. */
function n(value: number): string {
  return value.toFixed(2);
}

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
