import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { MS_PER_DAY } from '../../src/model/index.ts';
import { loadProfile } from '../../src/profiles/load.ts';
import { buildCalendar, remindReport, reminderAtMs, type PumpSnapshot } from '../../src/schedule/index.ts';

const profile = loadProfile('codman-3000-30ml');

function snapshot(id: string, fillId: number, fillIso: string, zone: string): PumpSnapshot {
  const atMs = DateTime.fromISO(fillIso, { zone }).toMillis();
  return {
    pumpId: id,
    label: `rig ${id}`,
    profile,
    lastFill: { id: fillId, atMs, infusate: 'heparinized-saline', volumeMl: 30, contentMl: 30, predictedFlowMlPerDay: 1, drugDays: null },
    recentDrains: [],
  };
}

interface ParsedEvent {
  uid: string;
  localHour: number;
  tzid: string | undefined;
  startUtcMs: number;
  alarms: string[];
}

function parse(text: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      localHour: event.startDate.hour,
      tzid: event.startDate.zone?.tzid,
      startUtcMs: event.startDate.toJSDate().getTime(),
      alarms: vevent.getAllSubcomponents('valarm').map((alarm) => String(alarm.getFirstPropertyValue('trigger'))),
    };
  });
}

function exportAt(zone: string, stampMs: number, snapshots: PumpSnapshot[]): string {
  const report = remindReport(snapshots, { atMs: Date.UTC(2026, 1, 1), withinMs: 3 * MS_PER_DAY });
  return buildCalendar(report.items, { zone, hour: 9, alarmHoursBefore: [24, 1], stampMs });
}

describe('iCalendar export, parsed back with ical.js', () => {
  for (const zone of ['America/New_York', 'Europe/Berlin']) {
    it(`${zone}: reminders stay at 09:00 local across the spring DST change, with the right UTC instants`, () => {
      // Due (fill + 25 d) one before and one after the change: 2026-03-06 and 2026-04-14 (NY: 03-08; Berlin: 03-29).
      const snapshots = [snapshot('A', 1, '2026-02-09T10:00', zone), snapshot('B', 2, '2026-03-20T10:00', zone)];
      const text = exportAt(zone, Date.UTC(2026, 1, 1), snapshots);
      const events = parse(text);
      expect(events).toHaveLength(2);
      for (const [i, event] of events.entries()) {
        expect(event.tzid).toBe(zone);
        expect(event.localHour).toBe(9);
        const item = snapshots[i] as PumpSnapshot;
        const expected = reminderAtMs((item.lastFill?.atMs ?? 0) + 25 * MS_PER_DAY, zone, 9);
        expect(event.startUtcMs).toBe(expected);
        expect(event.alarms).toEqual(['-P1D', '-PT1H']);
      }
      const [before, after] = events as [ParsedEvent, ParsedEvent];
      const hoursUtc = (ms: number): number => new Date(ms).getUTCHours();
      // 09:00 local is one UTC hour earlier once summer time starts.
      expect(hoursUtc(before.startUtcMs) - hoursUtc(after.startUtcMs)).toBe(1);
      expect(text).toContain(`X-WR-TIMEZONE:${zone}`);
      expect(text).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
    });
  }

  it('UIDs come from pump, fill and kind: stable across exports, new for a new fill', () => {
    const zone = 'Europe/Berlin';
    const a = parse(exportAt(zone, Date.UTC(2026, 1, 1), [snapshot('A', 7, '2026-02-09T10:00', zone)]));
    const b = parse(exportAt(zone, Date.UTC(2026, 1, 2), [snapshot('A', 7, '2026-02-09T10:00', zone)]));
    expect(a.map((e) => e.uid)).toEqual(['A.fill-7.refill@haipump']);
    expect(b.map((e) => e.uid)).toEqual(a.map((e) => e.uid));
    const c = parse(exportAt(zone, Date.UTC(2026, 1, 2), [snapshot('A', 8, '2026-02-23T10:00', zone)]));
    expect(c[0]?.uid).toBe('A.fill-8.refill@haipump');
  });

  it('an empty report is still a valid calendar', () => {
    const text = buildCalendar([], { zone: 'UTC', hour: 9, alarmHoursBefore: [24], stampMs: 0 });
    expect(parse(text)).toEqual([]);
  });
});
