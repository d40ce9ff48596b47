/**
 * Vega-Lite specs to SVG text in Node: the same library the browser page renders them with, so a
 * file and the page draw the same chart. vega and vega-lite (a few MB of JavaScript) load on the
 * first render, not when this module loads: `haipump trumpet` without a plot flag and every other
 * command never parse them. PNG would need the native `canvas` package; it comes from printing
 * the page in Chromium instead.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../analysis.ts';
import { chartSpecs } from './index.ts';
import type { ChartMeta } from './meta.ts';
import { sansSerifWidthPx } from './text-width.ts';

/** The part of vega's text item the width needs. */
interface TextItem {
  fontSize?: number | string | null;
  fontWeight?: number | string | null;
}

/**
 * vega's hook for text measurement where there is no canvas (vega re-exports it from
 * vega-scenegraph at run time; its typings leave it out). Set once, on first load.
 */
type VegaWithTextMetrics = { textMetrics: { width: (item: TextItem, text: unknown) => number } };

let measuring = false;
function measureTextLikeABrowser(vega: VegaWithTextMetrics): void {
  if (measuring) return;
  measuring = true;
  vega.textMetrics.width = (item, text) => {
    const size = item.fontSize === undefined || item.fontSize === null ? 11 : Number(item.fontSize) || 0;
    const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
    return sansSerifWidthPx(text === null || text === undefined ? '' : String(text).trim(), size, bold);
  };
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  measureTextLikeABrowser(vega as unknown as VegaWithTextMetrics);
  // renderer 'none': no canvas and no DOM; toSVG draws the scenegraph to a string.
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}

export async function chartFiles(analysis: Analysis, meta: ChartMeta): Promise<{ startup: string; trumpet: string; flow: string }> {
  const specs = chartSpecs(analysis, meta);
  const [startup, trumpet, flow] = await Promise.all([renderSvg(specs.startup), renderSvg(specs.trumpet), renderSvg(specs.flow)]);
  return { startup, trumpet, flow };
}
