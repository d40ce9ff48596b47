/**
 * What a lifecycle publisher sends the dashboard: `haipump simulate` and `run` with --dashboard,
 * and the dashboard's own simulations, which go through the same messages. Every field is
 * checked: a publisher is another process, and a bad message must not change what the page shows.
 */
import * as z from 'zod';

const key = z.string().min(1).max(100);
const finite = z.number().finite();
/** A batch this large is already a year at six-hourly points; more is a broken publisher. */
const MAX_BATCH = 5000;

export const TimelineEventSchema = z.strictObject({
  atMs: finite,
  day: finite,
  type: z.string().min(1).max(40),
  state: z.string().max(500),
  shortState: z.string().max(200).optional(),
  volumeMl: finite,
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type PublishedTimelineEvent = z.output<typeof TimelineEventSchema>;

export const LifecyclePointSchema = z.strictObject({ atMs: finite, volumeMl: finite, flowMlPerDay: finite });
export type LifecyclePoint = z.output<typeof LifecyclePointSchema>;

export const TrafficEntrySchema = z.strictObject({
  atMs: finite,
  dir: z.enum(['tx', 'rx', 'event']),
  text: z.string().max(1024),
});
export type TrafficEntry = z.output<typeof TrafficEntrySchema>;

export const LIFECYCLE_END_STATUSES = ['done', 'stopped', 'failed'] as const;

export const LifecycleMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('lifecycle-start'),
    key,
    source: z.enum(['dashboard', 'simulate', 'run']),
    scenario: z.string().max(200),
    profile: z.string().max(100),
    speed: z.union([z.literal('max'), z.number().positive().max(1e6)]),
    startAtMs: finite,
    endAtMs: finite,
    device: z.string().max(200).nullable(),
  }),
  z.strictObject({ type: z.literal('lifecycle-events'), key, events: z.array(TimelineEventSchema).max(MAX_BATCH) }),
  z.strictObject({ type: z.literal('lifecycle-points'), key, points: z.array(LifecyclePointSchema).max(MAX_BATCH) }),
  z.strictObject({ type: z.literal('traffic'), key, entries: z.array(TrafficEntrySchema).max(MAX_BATCH) }),
  z.strictObject({
    type: z.literal('lifecycle-end'),
    key,
    status: z.enum(LIFECYCLE_END_STATUSES),
    atMs: finite,
    message: z.string().max(500).optional(),
    totals: z.record(z.string(), z.union([z.number(), z.null()])).optional(),
  }),
]);
export type LifecycleMessage = z.output<typeof LifecycleMessageSchema>;
