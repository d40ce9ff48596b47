import type { Command } from 'commander';
import * as z from 'zod';
import { showInZone } from '../../schedule/index.ts';
import { getPump, loadSnapshots, profileOf, refill, type RefillResult } from '../../store/index.ts';
import { pumpFlags } from '../../schedule/index.ts';
import { numberFlag, parseOptions, print, printJson } from '../shared.ts';
import { addFillFlags, FillFlagsSchema, fillInputOf, fillResultJson, fillResultLines, nextOf } from './fill.ts';
import { flagJson, timeFields } from '../../schedule/json.ts';
import { drainJson } from '../../store/json.ts';
import { addCommonOptions, CommonOptionsSchema, databaseLine, fixed, withStore, whenOf } from './store-common.ts';

const OptionsSchema = CommonOptionsSchema.extend(FillFlagsSchema.shape).extend({
  returnedMl: numberFlag.pipe(z.number().min(0)),
  at: z.string().min(1).optional(),
});

function outcomeLines(r: RefillResult, zone: string): string[] {
  const o = r.outcome;
  const pct = `${o.deviationFraction >= 0 ? '+' : ''}${fixed(100 * o.deviationFraction, 1)} %`;
  return [
    `pump ${r.drain.pump_id}: drained at ${showInZone(r.drain.at_ms, zone)}: returned ${fixed(r.drain.returned_ml, 2)} mL of the ${fixed(r.drained.content_ml, 2)} mL ${r.drained.infusate} filled ${showInZone(r.drained.at_ms, zone)} (${fixed(o.elapsedDays, 2)} days)`,
    `  measured flow ${fixed(o.measuredFlowMlPerDay)} mL/day vs predicted ${fixed(o.predictedFlowMlPerDay)} (${pct}; expected ${fixed(o.predictedReturnedMl, 2)} mL back): ${o.level.toUpperCase()}${o.reachedTaper ? ' (reached the bellows taper: the measured flow is only a lower bound)' : ''}`,
  ];
}

export function configure(command: Command): void {
  command
    .requiredOption('--returned-ml <R>', 'volume drawn back out of the reservoir, mL')
    .option('--at <time>', 'when (ISO 8601, local to --tz; default now; not in the future)');
  addCommonOptions(addFillFlags(command, false)).action((pumpId: string, raw: unknown) => {
    const o = parseOptions(OptionsSchema, raw);
    const { zone, nowMs, atMs } = whenOf(o);
    const newFill = fillInputOf(o);
    const { result, next, flags } = withStore(o.db, 'write', (db) => {
      const result = refill(db, { pumpId, atMs, returnedMl: o.returnedMl, ...(newFill === null ? {} : { fill: newFill }) }, nowMs);
      const pump = getPump(db, pumpId);
      if (pump === null) throw new Error('pump vanished');
      const snapshot = loadSnapshots(db, { pumpId })[0];
      return {
        result,
        next: result.fill === null ? null : nextOf(profileOf(pump), result.fill, o.marginDays),
        flags: snapshot === undefined ? [] : pumpFlags(snapshot),
      };
    });
    if (o.json) {
      printJson({
        drain: {
          ...drainJson(result.drain, zone),
          elapsedDays: result.outcome.elapsedDays,
          predictedReturnedMl: result.outcome.predictedReturnedMl,
          drainedFillId: result.drained.id,
          drainedContentMl: result.drained.content_ml,
        },
        flags: flags.map((f) => flagJson(f, zone)),
        fill: result.fill === null || next === null ? null : fillResultJson(result.fill, next, zone),
        ...(result.fill === null
          ? { next: { kind: 'fill', ...timeFields('dueAt', result.drain.at_ms, zone), message: 'drained and not refilled: fill it now' } }
          : {}),
      });
      return;
    }
    const lines = outcomeLines(result, zone);
    for (const flag of flags) if (flag.kind !== 'deviation') lines.push(`  ${flag.level.toUpperCase()} (${flag.kind}): ${flag.message}`);
    if (result.fill !== null && next !== null) lines.push(...fillResultLines(result.fill, next, zone));
    else lines.push(`  the pump holds only its residual now: fill it (haipump fill ${pumpId} --infusate NAME --volume-ml V)`);
    lines.push(databaseLine(o.db));
    print(`${lines.join('\n')}\n`);
  });
}
