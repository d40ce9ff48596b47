/**
 * What every accuracy chart shares: size, colours, title block, the legend of its lines and the
 * metadata the browser and the tests look a chart up by. Types only from vega-lite: the spec
 * builders stay plain data, loadable in the browser and at CLI start-up without the library.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type ChartMeta, subtitleOf } from './meta.ts';

/** A URL for editors and validators only: nothing is ever fetched from it. */
const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The whole chart, axes, title and legend included ('fit'), so the file and the page are the same size. */
const CHART_WIDTH_PX = 760;
const CHART_HEIGHT_PX = 440;

export const COLORS = {
  flow: '#1c63b7',
  nominal: '#2b8a3e',
  epMax: '#c92a2a',
  epMin: '#1c63b7',
  zero: '#555555',
  period: '#dde7f3',
  periodText: '#4a5f7a',
} as const;

/** Stroke dash patterns (px on, px off); solid is written as 1 on, 0 off, a pattern like the others. */
export const DASHES = { solid: [1, 0], nominal: [6, 4], zero: [2, 3] } as const;

export type ChartKind = 'startup' | 'flow' | 'trumpet';

/** One layer of a layered spec, as vega-lite's own top-level type has it. */
export type Layer = Extract<TopLevelSpec, { layer: readonly unknown[] }>['layer'][number];
/** The encoding of a single-mark layer (vega-lite exports no stable name for it). */
export type Encoding = NonNullable<Extract<Layer, { mark: unknown }>['encoding']>;

interface LegendEntry {
  label: string;
  color: string;
  dash: readonly number[];
}

export function rateText(rateMlPerH: number): string {
  return `${Number(rateMlPerH.toPrecision(6))} mL/h`;
}

export function periodText(period: { startMin: number; endMin: number }): string {
  return `${period.startMin}–${period.endMin} min`;
}

/**
 * The colour and dash channels of one legend entry. Every layer carries the whole scale: vega-lite
 * merges the layers' scales, and a layer without the domain would add its label in its own order.
 */
export function legendChannels(
  entries: readonly LegendEntry[],
  source: { datum: string } | { field: string },
): Pick<Encoding, 'color' | 'strokeDash'> {
  const domain = entries.map((e) => e.label);
  // The same legend on both channels: vega-lite merges them into one, each entry drawn in its colour and dash.
  const legend = {
    title: null,
    symbolType: 'stroke',
    symbolStrokeWidth: 2,
    orient: 'bottom',
    direction: 'horizontal',
    labelLimit: 0,
  } as const;
  return {
    color: { ...source, scale: { domain, range: entries.map((e) => e.color) }, legend },
    strokeDash: { ...source, scale: { domain, range: entries.map((e) => [...e.dash]) }, legend },
  };
}

/** A spec around `layer`: schema, fixed size, the title with the set rate, the subtitle from `meta`. */
export function chartSpec(options: {
  kind: ChartKind;
  title: string;
  meta: ChartMeta;
  /** more subtitle lines after the one made from `meta` */
  moreSubtitle?: readonly string[];
  rateMlPerH: number;
  period: { startMin: number; endMin: number };
  layer: Layer[];
}): TopLevelSpec {
  const subtitle = [subtitleOf(options.meta), ...(options.moreSubtitle ?? [])];
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: `${options.title}. ${subtitle.join('. ')}`,
    title: { text: options.title, subtitle, anchor: 'start', subtitleColor: '#444444' },
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    autosize: { type: 'fit', contains: 'padding' },
    background: 'white',
    usermeta: {
      haipump: {
        kind: options.kind,
        runId: options.meta.runId,
        rateMlPerH: options.rateMlPerH,
        period: { startMin: options.period.startMin, endMin: options.period.endMin },
      },
    },
    layer: options.layer,
  };
}
