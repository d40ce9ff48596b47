import { MS_PER_DAY } from '../../model/index.ts';
import { DEFAULT_REMINDER_HOUR, DEFAULT_WITHIN_DAYS } from '../../schedule/defaults.ts';
import type { RemindReport, TrendOptions } from '../../schedule/index.ts';
import { type Db, remindFromStore } from '../../store/index.ts';

/** What the board and its calendar feed ask of the store: `haipump remind`'s flags, with its defaults. */
export interface BoardQuery {
  /** "As of" this instant (remind --at). */
  atMs: number;
  /** IANA zone times are shown in (remind --tz). */
  zone: string;
  /** Window for "due", days (remind --within; default DEFAULT_WITHIN_DAYS). */
  withinDays?: number | undefined;
  /** Local hour of the reminder on or before the due day (remind --hour; default DEFAULT_REMINDER_HOUR). */
  hour?: number | undefined;
  /** Overrides every profile's refill margin (remind --margin-days). */
  marginDays?: number | undefined;
  /** Trend rule (remind --trend-percent / --trend-refills; default DEFAULT_TREND). */
  trend?: TrendOptions | undefined;
}

export function withinDaysOf(query: BoardQuery): number {
  return query.withinDays ?? DEFAULT_WITHIN_DAYS;
}

export function hourOf(query: BoardQuery): number {
  return query.hour ?? DEFAULT_REMINDER_HOUR;
}

/** The report `haipump remind` computes for the same flags: the one place the board turns a query into one. */
export function boardReport(db: Db, query: BoardQuery): RemindReport {
  return remindFromStore(db, {
    atMs: query.atMs,
    withinMs: withinDaysOf(query) * MS_PER_DAY,
    marginDays: query.marginDays,
    trend: query.trend,
  });
}
