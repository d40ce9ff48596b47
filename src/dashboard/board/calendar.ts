import { buildCalendar, DEFAULT_ALARM_HOURS_BEFORE } from '../../schedule/index.ts';
import type { Db } from '../../store/index.ts';
import { type BoardQuery, boardReport, hourOf } from './query.ts';

export interface CalendarQuery extends BoardQuery {
  /** Alarms before each event, hours (remind --alarm-hours; default DEFAULT_ALARM_HOURS_BEFORE). */
  alarmHoursBefore?: readonly number[] | undefined;
  /** DTSTAMP, when the feed is made: the caller's clock, so a test can fix it. */
  stampMs: number;
}

/** The iCalendar feed: the text `haipump remind --ics` writes for the same query, byte for byte but DTSTAMP. */
export function boardCalendar(db: Db, query: CalendarQuery): string {
  const report = boardReport(db, query);
  return buildCalendar(report.items, {
    zone: query.zone,
    hour: hourOf(query),
    alarmHoursBefore: query.alarmHoursBefore ?? DEFAULT_ALARM_HOURS_BEFORE,
    stampMs: query.stampMs,
  });
}
