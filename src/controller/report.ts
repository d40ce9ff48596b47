/**
 * The human-readable report of a controller run: the lifecycle timeline in the style of
 * `haipump simulate`, with each device-vs-model comparison interleaved in time order, and a
 * final reconciliation line. Returns lines; the CLI decides where they go.
 */
import { NO_VOLUME, TIMELINE_HEADER, dateOf, describeEvent, timelineRow, volumeColumn } from '../lifecycle/index.ts';
import type { Comparison, ControllerResult, RestartRecord } from './types.ts';

export function describeComparison(c: Comparison): string {
  const reservoir =
    c.deviceReservoirMl === null || c.modelReservoirMl === null
      ? ''
      : `; reservoir device ${c.deviceReservoirMl.toFixed(4)} / model ${c.modelReservoirMl.toFixed(4)} mL`;
  return `device vs model: delivered ${c.deviceDeliveredMl.toFixed(4)} / ${c.modelDeliveredMl.toFixed(4)} mL (Δ ${c.deliveredDiffMl >= 0 ? '+' : ''}${c.deliveredDiffMl.toFixed(4)})${reservoir}${c.withinTolerance ? '' : '  ** OUT OF TOLERANCE **'}`;
}

/** One line per restart: when, how it showed, and that the run went on from the device's own counter. */
export function describeRestart(r: RestartRecord): string {
  const counter =
    r.counterBeforeMl === null || r.counterAfterMl === null
      ? ''
      : `; counter last read before ${r.counterBeforeMl.toFixed(4)} mL, first after ${r.counterAfterMl.toFixed(4)} mL`;
  return `device restart at day ${r.day.toFixed(3)} (${r.evidence.join(', ')}), re-anchored: ${r.detail}${counter}`;
}

export function reportLines(result: ControllerResult, deviceLabel: string): string[] {
  const sim = result.simulation;
  const out: string[] = [];
  out.push(
    `haipump run: ${result.identity.model} ${result.identity.serial ?? ''} fw ${result.identity.firmware} on ${deviceLabel} (${result.mode}), profile ${sim.profile}, ${dateOf(sim.startAtMs)} → ${dateOf(sim.endAtMs)} UTC`,
  );
  out.push('');
  out.push(TIMELINE_HEADER);
  type Row = { atMs: number; order: number; text: string };
  const rows: Row[] = [];
  for (const [i, e] of sim.events.entries())
    rows.push({ atMs: e.atMs, order: i, text: `${volumeColumn(e.volumeMl)}  ${describeEvent(e)}` });
  for (const [i, c] of result.comparisons.entries())
    rows.push({ atMs: c.atMs, order: sim.events.length + i, text: `${NO_VOLUME}  ${describeComparison(c)}` });
  rows.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
  for (const row of rows) {
    out.push(timelineRow(row.atMs, sim.startAtMs, row.text));
  }
  out.push('');
  for (const episode of result.linkEpisodes) {
    out.push(
      `link lost at day ${((episode.atMs - sim.startAtMs) / 86_400_000).toFixed(3)}${episode.restoredAtMs === null ? ', not restored' : ', restored and re-synchronised'}: ${episode.detail}`,
    );
  }
  for (const restart of result.restarts) out.push(describeRestart(restart));
  for (const note of result.notes) out.push(`note: ${note}`);
  const t = sim.totals;
  out.push(
    `model totals: filled ${t.filledMl.toFixed(3)} mL = delivered ${t.deliveredMl.toFixed(3)} + drained ${t.drainedMl.toFixed(3)} + remaining ${t.remainingMl.toFixed(3)} mL; ${t.alarms} alarms, ${result.deviations} device deviations`,
  );
  const r = result.reconciliation;
  out.push(
    `reconciliation: device delivered ${r.deviceDeliveredMl.toFixed(4)} mL (counter ${r.counterStartMl.toFixed(4)} → ${r.counterEndMl.toFixed(4)}), model delivered ${r.modelDeliveredMl.toFixed(4)} mL, difference ${r.differenceMl >= 0 ? '+' : ''}${r.differenceMl.toFixed(4)} mL (${r.withinTolerance ? 'within tolerance' : 'OUT OF TOLERANCE'})`,
  );
  return out;
}
