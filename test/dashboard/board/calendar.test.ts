import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardCalendar } from '../../../src/dashboard/board/index.ts';
import { AT, AT_MS, buildFleet, type Fleet, ZONE } from './fleet.ts';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await buildFleet();
});
afterAll(() => fleet.remove());

/** DTSTAMP is when the file was made ("now"), the one line that may differ between two runs. */
const withoutStamps = (ics: string): string[] => ics.split('\r\n').filter((line) => !line.startsWith('DTSTAMP:'));

function feed(query: Omit<Parameters<typeof boardCalendar>[1], 'stampMs'>): string {
  const db = fleet.open();
  try {
    return boardCalendar(db, { ...query, stampMs: Date.UTC(2026, 5, 1) });
  } finally {
    db.close();
  }
}

describe('boardCalendar', () => {
  it('is the text remind --ics writes for the same query, DTSTAMP aside', async () => {
    const file = join(fleet.dir, 'remind.ics');
    const run = await fleet.cli('remind', '--at', AT, '--ics', file);
    expect(run.status).toBe(2);
    const written = readFileSync(file, 'utf8');
    const served = feed({ atMs: AT_MS, zone: ZONE });
    expect(withoutStamps(served)).toEqual(withoutStamps(written));
    // One event per pump with a fill, two alarms each by default; the idle pump has none.
    expect(served.match(/^BEGIN:VEVENT$/gm)).toHaveLength(4);
    expect(served.match(/^BEGIN:VALARM$/gm)).toHaveLength(8);
    expect(served).toContain('DTSTAMP:20260601T000000Z');
  });

  it('follows --hour and --alarm-hours as remind does', async () => {
    const file = join(fleet.dir, 'remind-7.ics');
    await fleet.cli('remind', '--at', AT, '--hour', '7', '--alarm-hours', '48', '--ics', file);
    const served = feed({ atMs: AT_MS, zone: ZONE, hour: 7, alarmHoursBefore: [48] });
    expect(withoutStamps(served)).toEqual(withoutStamps(readFileSync(file, 'utf8')));
    expect(served).toContain(`DTSTART;TZID=${ZONE}:20260602T070000`);
  });
});
