/** Device-time durations in scenario files: a number of ms, or `500ms`, `30s`, `10min`, `2h`, `14d`. */
import * as z from 'zod';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h|d)\s*$/;
const EXPECTED = 'a duration like 500ms, 30s, 10min, 2h or 14d (or a number of ms)';

/** Parsed by hand rather than with a union, so a bad value gets one clear message. */
export const DurationMs = z.unknown().transform((value, ctx): number => {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.round(value);
  const match = typeof value === 'string' ? DURATION.exec(value) : null;
  if (match === null) {
    ctx.addIssue({ code: 'custom', message: `${EXPECTED}, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1));
});

export function formatDurationMs(ms: number): string {
  if (ms >= 86_400_000 && ms % 3_600_000 === 0) return `${+(ms / 86_400_000).toFixed(3)} d`;
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(3)} h`;
  if (ms >= 1000) return `${+(ms / 1000).toFixed(3)} s`;
  return `${ms} ms`;
}
