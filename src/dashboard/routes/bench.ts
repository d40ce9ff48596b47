import type { TopLevelSpec } from 'vega-lite';
import type { ChartMeta } from '../../accuracy/charts/meta.ts';
import { flowSpec } from '../../accuracy/charts/flow.ts';
import { startupSpec } from '../../accuracy/charts/startup.ts';
import { trumpetSpec } from '../../accuracy/charts/trumpet.ts';
import type { BenchView } from '../bench/index.ts';
import { HttpError, sendJson } from '../http/respond.ts';
import type { Router } from '../http/router.ts';
import type { DashboardContext } from './context.ts';

export function addBenchRoutes(router: Router, context: DashboardContext): void {
  router.get('/api/bench', ({ res }) => sendJson(res, { runs: context.bench.list() }));
  router.get('/api/bench/:key', ({ res, params }) => {
    const run = context.bench.get(params.key ?? '');
    if (run === undefined) throw new HttpError(404, `no live bench run "${params.key}"`);
    const view = run.view();
    sendJson(res, { runKey: view.runKey, view, charts: liveCharts(view) });
  });
}

/** The same three chart specs a finished run writes as files, over the samples so far. */
function liveCharts(view: BenchView): Record<'flow' | 'startup' | 'trumpet', TopLevelSpec | null> {
  const { setup } = view;
  const meta: ChartMeta = {
    runId: view.runId,
    label: setup.label,
    device: setup.pump,
    syringe: setup.syringe,
    dateIso: setup.startedAtIso,
  };
  const period = { startMin: view.period.startMin, endMin: view.period.endMin };
  const rateMlPerH = setup.rateMlPerH;
  return {
    flow:
      view.flows.length === 0 ? null : withPoints(flowSpec({ flowSeries: [...view.flows], rateMlPerH, period }, meta), view.flows.length),
    startup:
      view.startupCurve.length === 0
        ? null
        : withPoints(startupSpec({ startupCurve: [...view.startupCurve], rateMlPerH, period }, meta), view.startupCurve.length),
    trumpet:
      view.trumpet.windows.length === 0 || view.overall === null
        ? null
        : withPoints(
            trumpetSpec({ windows: [...view.trumpet.windows], overallErrorPct: view.overall.overallErrorPct, rateMlPerH, period }, meta),
            view.trumpet.windows.length,
          ),
  };
}

/** How many data points the chart draws, where the page and its tests read it. */
function withPoints(spec: TopLevelSpec, points: number): TopLevelSpec {
  const usermeta = (spec.usermeta ?? {}) as Record<string, unknown>;
  const haipump = (usermeta.haipump ?? {}) as Record<string, unknown>;
  return { ...spec, usermeta: { ...usermeta, haipump: { ...haipump, points } } } as TopLevelSpec;
}
