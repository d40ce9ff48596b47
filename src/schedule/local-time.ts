import { DateTime, IANAZone } from 'luxon';

/**
 * Times are entered and shown in one IANA zone (the user's, or --tz) and stored as UTC epoch ms.
 * luxon reads the zone rules from the runtime's Intl data; nothing here touches a clock or file.
 */
export class TimeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeInputError';
  }
}

export function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function checkZone(zone: string): string {
  if (!IANAZone.isValidZone(zone)) throw new TimeInputError(`unknown time zone "${zone}" (use an IANA name such as Europe/Berlin)`);
  return zone;
}

const HAS_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * Parses "now", an ISO 8601 date ("2026-03-01", midnight local) or date-time. Without an offset
 * the time is local to `zone`; a local time that does not exist (skipped by a DST change) is an
 * error rather than a silent shift; an ambiguous one (repeated hour) takes the earlier instant.
 */
export function parseTime(text: string, zone: string, nowMs: number): number {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'now') return nowMs;
  const dt = DateTime.fromISO(trimmed, { zone, setZone: false });
  if (!dt.isValid)
    throw new TimeInputError(
      `malformed time "${text}": expected ISO 8601 such as 2026-03-01T09:00, 2026-03-01 or 2026-03-01T09:00+01:00, or "now"`,
    );
  if (!HAS_OFFSET.test(trimmed)) {
    const local = DateTime.fromISO(trimmed, { zone: 'UTC' });
    const back = dt.setZone(zone);
    if (local.isValid && (back.hour !== local.hour || back.minute !== local.minute || back.day !== local.day)) {
      throw new TimeInputError(`time "${text}" does not exist in ${zone} (skipped by a daylight-saving change)`);
    }
    // A repeated wall-clock time (clocks going back): luxon picks the later instant; take the first.
    for (const minutes of [60, 30]) {
      const earlier = dt.minus({ minutes });
      if (earlier.toFormat('yyyy-LL-dd HH:mm:ss.SSS') === dt.toFormat('yyyy-LL-dd HH:mm:ss.SSS')) return earlier.toMillis();
    }
  }
  return dt.toMillis();
}

/** ISO 8601 with the zone's offset, to the second: 2026-03-26T10:00:00-04:00. */
export function isoInZone(atMs: number, zone: string): string {
  return DateTime.fromMillis(atMs, { zone }).toISO({ suppressMilliseconds: true }) ?? new Date(atMs).toISOString();
}

/** For people: 2026-03-26 10:00 -04:00. */
export function showInZone(atMs: number, zone: string): string {
  return DateTime.fromMillis(atMs, { zone }).toFormat('yyyy-LL-dd HH:mm ZZ');
}

/**
 * The reminder time for a due instant: the last `hour`:00 local time at or before it, so the
 * reminder never comes after the due time and sits at the same wall-clock hour on both sides of
 * a DST change (luxon does calendar-day arithmetic in local time). An hour skipped by DST on
 * that day moves forward to the next valid time, as luxon does.
 */
export function reminderAtMs(dueAtMs: number, zone: string, hour: number): number {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`hour must be an integer 0–23, got ${hour}`);
  const due = DateTime.fromMillis(dueAtMs, { zone });
  let at = due.set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (at.toMillis() > dueAtMs) at = due.minus({ days: 1 }).set({ hour, minute: 0, second: 0, millisecond: 0 });
  return at.toMillis();
}
