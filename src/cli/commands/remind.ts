import type { Command } from 'commander';
import * as z from 'zod';
import { MS_PER_DAY } from '../../model/index.ts';
import { buildCalendar, DEFAULT_ALARM_HOURS_BEFORE, DEFAULT_TREND, showInZone, type RemindReport } from '../../schedule/index.ts';
import { acknowledge, remindFromStore, requirePump, StoreInputError } from '../../store/index.ts';
import { reportOutcome } from '../io.ts';
import { numberListFlag, numberFlag, parseOptions, print, printJson } from '../shared.ts';
import { writeFileAtomically } from '../write-file.ts';
import { DEFAULT_REMINDER_HOUR, DEFAULT_WITHIN_DAYS } from '../../schedule/defaults.ts';
import { flagJson, reminderJson, timeFields } from '../../schedule/json.ts';
import { addCommonOptions, CommonOptionsSchema, databaseLine, withStore, whenOf } from './store-common.ts';
import { reminderLine } from './store-format.ts';

const AlarmHoursSchema = numberListFlag.pipe(
  z
    .array(
      z
        .number()
        .min(0)
        .max(24 * 28),
    )
    .min(1)
    .max(5),
);

const OptionsSchema = CommonOptionsSchema.extend({
  at: z.string().min(1).optional(),
  within: numberFlag.pipe(z.number().min(0).max(365)).default(DEFAULT_WITHIN_DAYS),
  marginDays: numberFlag.pipe(z.number().min(0).max(60)).optional(),
  hour: numberFlag.pipe(z.number().int().min(0).max(23)).default(DEFAULT_REMINDER_HOUR),
  ics: z.string().min(1).optional(),
  alarmHours: AlarmHoursSchema.optional(),
  ack: z.string().min(1).optional(),
  pump: z.string().min(1).optional(),
  trendPercent: numberFlag.pipe(z.number().gt(0).max(100)).default(100 * DEFAULT_TREND.fractionPerRefill),
  trendRefills: numberFlag.pipe(z.number().int().min(3).max(5)).default(DEFAULT_TREND.minRefills),
});

function textReport(report: RemindReport, zone: string, within: number, acked: string | null, database: string): string {
  const out = [`haipump remind at ${showInZone(report.atMs, zone)} (${zone}), window ${within} days`, database];
  if (acked !== null) out.push(acked);
  if (report.items.length === 0) out.push('  nothing scheduled');
  for (const item of report.items) out.push(`  ${reminderLine(item, zone)}`);
  for (const flag of report.flags) out.push(`  ${flag.level.toUpperCase()} ${flag.pumpId} (${flag.kind}): ${flag.message}`);
  if (report.idlePumpIds.length > 0) out.push(`  no fill recorded: ${report.idlePumpIds.join(', ')}`);
  const c = report.counts;
  out.push(
    `${c.overdue} overdue, ${c.due} due within ${within} days, ${c.upcoming} upcoming${c.acknowledged > 0 ? ` (${c.acknowledged} acknowledged)` : ''}`,
  );
  return out.join('\n');
}

/**
 * Exit status (for cron and CI, the monitoring-plugin convention; src/cli/exit-codes.ts): 0 nothing
 * due, 1 something due within --within days, 2 something overdue, 3 any error (bad flag,
 * malformed time, missing or unreadable database), so a script never mistakes a typo for "overdue".
 */
const OUTCOME_BY_STATUS = { 0: 'ok', 1: 'due', 2: 'overdue' } as const;

function run(raw: unknown): void {
  const o = parseOptions(OptionsSchema, raw);
  const { zone, nowMs, atMs } = whenOf(o);
  const withinMs = o.within * MS_PER_DAY;
  const query = {
    atMs,
    withinMs,
    marginDays: o.marginDays,
    trend: { minRefills: o.trendRefills, fractionPerRefill: o.trendPercent / 100 },
    pumpId: o.pump,
  };
  let acked: string | null = null;
  // Only --ack writes; everything else reads, so a read-only database serves remind.
  const report = withStore(o.db, o.ack === undefined ? 'read' : 'write', (db) => {
    if (o.pump !== undefined) requirePump(db, o.pump);
    if (o.ack !== undefined) {
      requirePump(db, o.ack);
      const item = remindFromStore(db, { ...query, pumpId: o.ack }).items[0];
      if (item === undefined) throw new StoreInputError(`pump "${o.ack}" has nothing to acknowledge (no fill recorded)`);
      const fresh = acknowledge(db, item.pumpId, item.kind, item.dueAtMs, atMs);
      acked = `  acknowledged ${item.pumpId} ${item.kind} due ${showInZone(item.dueAtMs, zone)}${fresh ? '' : ' (already acknowledged)'}`;
    }
    return remindFromStore(db, query);
  });
  let icsEvents: number | null = null;
  if (o.ics !== undefined) {
    const text = buildCalendar(report.items, {
      zone,
      hour: o.hour,
      alarmHoursBefore: o.alarmHours ?? DEFAULT_ALARM_HOURS_BEFORE,
      stampMs: nowMs,
    });
    writeFileAtomically(o.ics, text, '--ics');
    icsEvents = report.items.length;
  }
  if (o.json) {
    printJson({
      ...timeFields('at', report.atMs, zone),
      timeZone: zone,
      withinDays: o.within,
      exitStatus: report.exitStatus,
      counts: report.counts,
      items: report.items.map((item) => reminderJson(item, zone, o.hour)),
      flags: report.flags.map((flag) => flagJson(flag, zone)),
      idlePumpIds: report.idlePumpIds,
      ...(icsEvents === null ? {} : { ics: { file: o.ics, events: icsEvents } }),
    });
  } else {
    print(`${textReport(report, zone, o.within, acked, databaseLine(o.db))}\n`);
    if (icsEvents !== null) print(`wrote ${icsEvents} event(s) with alarms to ${o.ics}\n`);
  }
  reportOutcome(OUTCOME_BY_STATUS[report.exitStatus]);
}

export function configure(command: Command): void {
  command
    .option('--at <time>', 'as of this time (ISO 8601, local to --tz; default now; may be in the future)')
    .option('--within <days>', `window for "due", days (default ${DEFAULT_WITHIN_DAYS})`)
    .option('--margin-days <D>', "days before the reserve that a refill falls due (default: each profile's refillMarginDays)")
    .option('--hour <h>', `local hour of calendar reminders, 0–23 (default ${DEFAULT_REMINDER_HOUR})`)
    .option('--ics <file>', 'also write an iCalendar file: one event per pump reminder, with alarms')
    .option('--alarm-hours <list>', `alarms before each event, hours, comma-separated (default ${DEFAULT_ALARM_HOURS_BEFORE.join(',')})`)
    .option('--ack <pump>', 'acknowledge this pump\'s current reminder (silences "due", never "overdue")')
    .option('--pump <id>', 'only this pump')
    .option('--trend-percent <p>', `mean change per refill that flags a trend, % (default ${100 * DEFAULT_TREND.fractionPerRefill})`)
    .option('--trend-refills <n>', `consecutive refills that make a trend, 3–5 (default ${DEFAULT_TREND.minRefills})`);
  addCommonOptions(command).action((raw: unknown) => run(raw));
}
