import { DateTime } from 'luxon';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

function offsetAt(zone: string, atMs: number): number {
  return DateTime.fromMillis(atMs, { zone }).offset;
}

/** The first instant in (loMs, hiMs] with the offset found at hiMs (offset changes once in between). */
function transitionIn(zone: string, loMs: number, hiMs: number): number {
  const target = offsetAt(zone, hiMs);
  while (hiMs - loMs > 60_000) {
    const mid = Math.floor((loMs + hiMs) / 2 / 60_000) * 60_000;
    if (mid <= loMs) break;
    if (offsetAt(zone, mid) === target) hiMs = mid;
    else loMs = mid;
  }
  return hiMs;
}

function observance(zone: string, atMs: number, fromOffset: number, toOffset: number): string {
  const after = DateTime.fromMillis(atMs, { zone });
  const kind = after.isInDST ? 'DAYLIGHT' : 'STANDARD';
  // DTSTART of an observance is the local time of the change in the offset in force before it.
  const local = DateTime.fromMillis(atMs, { zone: 'UTC' }).plus({ minutes: fromOffset }).toFormat("yyyyLLdd'T'HHmmss");
  const name = after.setLocale('en-GB').offsetNameShort ?? offsetText(toOffset);
  return [
    `BEGIN:${kind}`,
    `DTSTART:${local}`,
    `TZOFFSETFROM:${offsetText(fromOffset)}`,
    `TZOFFSETTO:${offsetText(toOffset)}`,
    `TZNAME:${name}`,
    `END:${kind}`,
  ].join('\r\n');
}

/**
 * A VTIMEZONE for `zone` covering [fromMs, toMs], built from the runtime's own zone rules (luxon
 * over Intl) with one observance per actual offset change, so calendar clients place a TZID
 * time exactly as luxon did, with no timezone library added.
 */
export function vtimezone(zone: string, fromMs: number, toMs: number): string {
  const startMs = fromMs - 2 * DAY_MS;
  const endMs = toMs + 2 * DAY_MS;
  const first = offsetAt(zone, startMs);
  const parts = [`BEGIN:VTIMEZONE`, `TZID:${zone}`, observance(zone, startMs, first, first)];
  let previousMs = startMs;
  let previousOffset = first;
  // Offsets change at most a few times a year; probing every 6 hours cannot step over a change pair.
  for (let probe = startMs + 6 * HOUR_MS; probe <= endMs + 6 * HOUR_MS; probe += 6 * HOUR_MS) {
    const offset = offsetAt(zone, probe);
    if (offset !== previousOffset) {
      const atMs = transitionIn(zone, previousMs, probe);
      parts.push(observance(zone, atMs, previousOffset, offset));
      previousOffset = offset;
    }
    previousMs = probe;
  }
  parts.push('END:VTIMEZONE');
  return parts.join('\r\n');
}
