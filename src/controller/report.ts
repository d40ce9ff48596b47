/**
 * The human-readable report of a controller run: the lifecycle timeline in the style of
 * `haipump simulate`, with each device-vs-model comparison interleaved in time order, and a
 * final reconciliation line. Returns lines; the CLI decides where they go.
 */
import type { TimelineEvent } from '../lifecycle/index.ts';
import type { Comparison, ControllerResult } from './types.ts';

const dateOf = (atMs: number): string => new Date(atMs).toISOString().replace('T', ' ').slice(0, 16);

export function describeEvent(event: TimelineEvent): string {
  const d = event.detail ?? {};
  const num = (key: string, digits = 3): string => (typeof d[key] === 'number' ? (d[key] as number).toFixed(digits) : '-');
  switch (event.type) {
    case 'state':
      return `→ ${event.shortState}`;
    case 'fill':
      return `fill ${num('volumeMl', 1)} mL ${String(d.infusate)}`;
    case 'drain':
      return `drain: returned ${num('returnedMl', 4)} mL, measured flow ${num('measuredFlowMlPerDay')} mL/day (${String(d.level)})`;
    case 'alarm':
      return `ALARM ${String(d.code)} [${String(d.severity)}]: ${String(d.cause)}`;
    case 'ack':
      return `acknowledged ${String(d.code)}`;
    case 'env':
      return `environment: ${num('tempC', 1)} °C, ambient ${num('ambientMmHg', 0)} mmHg, arterial ${num('arterialMmHg', 0)} mmHg → ${num('rateMlPerDay')} mL/day`;
    case 'bolus':
      return `side-port bolus ${num('volumeMl', 1)} mL`;
    case 'refused':
      return `refused ${String(d.event)}: ${String(d.reason)}`;
    default:
      return event.type;
  }
}

export function describeComparison(c: Comparison): string {
  const reservoir =
    c.deviceReservoirMl === null || c.modelReservoirMl === null
      ? ''
      : `; reservoir device ${c.deviceReservoirMl.toFixed(4)} / model ${c.modelReservoirMl.toFixed(4)} mL`;
  return `device vs model: delivered ${c.deviceDeliveredMl.toFixed(4)} / ${c.modelDeliveredMl.toFixed(4)} mL (Δ ${c.deliveredDiffMl >= 0 ? '+' : ''}${c.deliveredDiffMl.toFixed(4)})${reservoir}${c.withinTolerance ? '' : '  ** OUT OF TOLERANCE **'}`;
}

export function reportLines(result: ControllerResult, deviceLabel: string): string[] {
  const sim = result.simulation;
  const out: string[] = [];
  out.push(
    `haipump run: ${result.identity.model} ${result.identity.serial ?? ''} fw ${result.identity.firmware} on ${deviceLabel} (${result.mode}), profile ${sim.profile}, ${dateOf(sim.startAtMs)} → ${dateOf(sim.endAtMs)} UTC`,
  );
  out.push('');
  out.push('  date (UTC)         day     volume  event');
  type Row = { atMs: number; order: number; text: string };
  const rows: Row[] = [];
  sim.events.forEach((e, i) => rows.push({ atMs: e.atMs, order: i, text: `${e.volumeMl.toFixed(3).padStart(7)} mL  ${describeEvent(e)}` }));
  result.comparisons.forEach((c, i) => rows.push({ atMs: c.atMs, order: sim.events.length + i, text: `${' '.repeat(12)}${describeComparison(c)}` }));
  rows.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
  for (const row of rows) {
    out.push(`  ${dateOf(row.atMs)}  ${((row.atMs - sim.startAtMs) / 86_400_000).toFixed(2).padStart(6)}  ${row.text}`);
  }
  out.push('');
  for (const episode of result.linkEpisodes) {
    out.push(`link lost at day ${((episode.atMs - sim.startAtMs) / 86_400_000).toFixed(3)}${episode.restoredAtMs === null ? ', not restored' : ', restored and re-synchronised'}: ${episode.detail}`);
  }
  for (const note of result.notes) out.push(`note: ${note}`);
  const t = sim.totals;
  out.push(`model totals: filled ${t.filledMl.toFixed(3)} mL = delivered ${t.deliveredMl.toFixed(3)} + drained ${t.drainedMl.toFixed(3)} + remaining ${t.remainingMl.toFixed(3)} mL; ${t.alarms} alarms, ${result.deviations} device deviations`);
  const r = result.reconciliation;
  out.push(
    `reconciliation: device delivered ${r.deviceDeliveredMl.toFixed(4)} mL (counter ${r.counterStartMl.toFixed(4)} → ${r.counterEndMl.toFixed(4)}), model delivered ${r.modelDeliveredMl.toFixed(4)} mL, difference ${r.differenceMl >= 0 ? '+' : ''}${r.differenceMl.toFixed(4)} mL (${r.withinTolerance ? 'within tolerance' : 'OUT OF TOLERANCE'})`,
  );
  return out;
}
