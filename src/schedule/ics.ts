import { ICalAlarmType, ICalCalendar, ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import { reminderAtMs, showInZone } from './local-time.ts';
import type { ReminderItem } from './status.ts';
import { vtimezone } from './vtimezone.ts';

export interface IcsOptions {
  zone: string;
  /** Local hour of the calendar event on (or before) the due day. */
  hour: number;
  /** Alarms, in hours before the event start. */
  alarmHoursBefore: readonly number[];
  /** DTSTAMP: when the file was made. */
  stampMs: number;
  eventMinutes?: number;
}

export const DEFAULT_ALARM_HOURS_BEFORE = [24, 1] as const;

/**
 * UID from what identifies the reminder, not from its time: the same pump, fill and kind give
 * the same UID in every export, so re-importing updates the event instead of duplicating it.
 * Pump ids are restricted to [A-Za-z0-9._-], so the UID needs no escaping.
 */
export function reminderUid(item: Pick<ReminderItem, 'pumpId' | 'fillId' | 'kind'>): string {
  return `${item.pumpId}.fill-${item.fillId}.${item.kind}@haipump`;
}

export function buildCalendar(items: readonly ReminderItem[], options: IcsOptions): string {
  const { zone } = options;
  const calendar = new ICalCalendar({
    name: 'HAI pump refills (haipump)',
    prodId: { company: 'haipump', product: 'remind', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
  });
  // Not calendar.timezone(): with a calendar zone ical-generator 10 writes DTSTAMP as local time
  // without "Z" (RFC 5545 wants UTC there). Events carry TZID; the VTIMEZONE is spliced in below.
  calendar.x([['X-WR-TIMEZONE', zone]]);
  const starts = items.map((item) => reminderAtMs(item.dueAtMs, zone, options.hour));
  items.forEach((item, i) => {
    const startMs = starts[i] as number;
    const what = item.kind === 'fill' ? 'Fill' : 'Refill';
    const label = item.label === null ? '' : ` (${item.label})`;
    const event = calendar.createEvent({
      id: reminderUid(item),
      sequence: 0,
      stamp: new Date(options.stampMs),
      // A luxon DateTime in the zone: ical-generator writes DTSTART;TZID=<zone>:<local time>.
      start: DateTime.fromMillis(startMs, { zone }),
      end: DateTime.fromMillis(startMs, { zone }).plus({ minutes: options.eventMinutes ?? 30 }),
      timezone: zone,
      summary: `${what} HAI pump ${item.pumpId}${label}`,
      description: [
        `${item.message}.`,
        `Due ${showInZone(item.dueAtMs, zone)} (${item.reason}).`,
        item.schedule === null
          ? ''
          : `Reserve reached ${showInZone(item.schedule.reserveAtMs, zone)}; runs dry ${showInZone(item.schedule.dryAtMs, zone)}.`,
        'NOT FOR CLINICAL USE: research and bench reminders only.',
      ]
        .filter((line) => line !== '')
        .join('\n'),
    });
    for (const hours of options.alarmHoursBefore) {
      event.createAlarm({ type: ICalAlarmType.display, triggerBefore: hours * 3600, description: `${what} HAI pump ${item.pumpId}` });
    }
  });
  // RFC 5545: every content line ends in CRLF, the last one included.
  const raw = calendar.toString();
  const text = raw.endsWith('\r\n') ? raw : `${raw}\r\n`;
  if (items.length === 0) return text;
  const block = `${vtimezone(zone, Math.min(...starts), Math.max(...starts))}\r\n`;
  const at = text.indexOf('BEGIN:VEVENT');
  return `${text.slice(0, at)}${block}${text.slice(at)}`;
}
