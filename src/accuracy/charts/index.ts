/** The three accuracy charts of a run as Vega-Lite specs: one description for the file and the page. */
import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../analysis.ts';
import { flowSpec } from './flow.ts';
import type { ChartMeta } from './meta.ts';
import { startupSpec } from './startup.ts';
import { trumpetSpec } from './trumpet.ts';

export interface ChartSpecs {
  startup: TopLevelSpec;
  trumpet: TopLevelSpec;
  flow: TopLevelSpec;
}

export function chartSpecs(analysis: Analysis, meta: ChartMeta): ChartSpecs {
  return { startup: startupSpec(analysis, meta), trumpet: trumpetSpec(analysis, meta), flow: flowSpec(analysis, meta) };
}
