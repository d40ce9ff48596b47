import type { Command } from 'commander';
import * as z from 'zod';
import { showInZone } from '../../schedule/index.ts';
import { assessLabs, recordLab } from '../../store/index.ts';
import { numberFlag, parseOptions, print, printJson } from '../shared.ts';
import { timeFields } from '../../schedule/json.ts';
import { addCommonOptions, CommonOptionsSchema, databaseLine, withStore, whenOf } from './store-common.ts';

const OptionsSchema = CommonOptionsSchema.extend({
  at: z.string().min(1).optional(),
  ast: numberFlag.pipe(z.number().positive()).optional(),
  alp: numberFlag.pipe(z.number().positive()).optional(),
  bilirubin: numberFlag.pipe(z.number().positive()).optional(),
});

export function configure(command: Command): void {
  command
    .option('--at <time>', 'when the sample was taken (ISO 8601, local to --tz; default now; not in the future)')
    .option('--ast <U/L>', 'AST, U/L')
    .option('--alp <U/L>', 'alkaline phosphatase, U/L')
    .option('--bilirubin <mg/dL>', 'total bilirubin, mg/dL');
  addCommonOptions(command).action((pumpId: string, raw: unknown) => {
    const o = parseOptions(OptionsSchema, raw);
    const { zone, nowMs, atMs } = whenOf(o);
    const { lab, assessment } = withStore(o.db, 'write', (db) => {
      const lab = recordLab(db, { pumpId, atMs, astUPerL: o.ast, alpUPerL: o.alp, bilirubinMgPerDl: o.bilirubin }, nowMs);
      return { lab, assessment: assessLabs(db, pumpId, nowMs) };
    });
    if (o.json) {
      printJson({
        lab: {
          id: lab.id,
          pumpId: lab.pump_id,
          ...timeFields('at', lab.at_ms, zone),
          astUPerL: lab.ast_u_per_l,
          alpUPerL: lab.alp_u_per_l,
          bilirubinMgPerDl: lab.bilirubin_mg_per_dl,
        },
        doseReduction:
          assessment === null
            ? null
            : {
                ratios: assessment.ratios,
                factor: assessment.result.factor,
                hold: assessment.result.hold,
                reasons: assessment.result.reasons,
              },
      });
      return;
    }
    const lines = [`pump ${pumpId}: liver tests at ${showInZone(lab.at_ms, zone)} recorded`];
    if (assessment === null) lines.push('  no comparison yet (needs tests at or before the last drug fill and after it)');
    else if (assessment.result.reasons.length === 0) lines.push('  vs the last drug fill: no dose reduction');
    else lines.push(`  vs the last drug fill: ${assessment.result.reasons.join('; ')}`);
    lines.push(databaseLine(o.db));
    print(`${lines.join('\n')}\n`);
  });
}
