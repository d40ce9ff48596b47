/**
 * POST /api/publish: `haipump accuracy`, `simulate` and `run` with --dashboard send their run here
 * as it happens. It needs the token but not --allow-control: publishing shows a run, it does
 * not drive one. Messages are checked one by one; the first bad one is refused with its index,
 * and the ones before it have been applied (each message stands alone, as it would on a stream).
 */
import * as z from 'zod';
import { describeIssues } from '../../model/schema-issues.ts';
import { BenchMessageSchema } from '../bench/index.ts';
import { readJsonBody } from '../http/body.ts';
import { HttpError, sendJson } from '../http/respond.ts';
import type { Router } from '../http/router.ts';
import { LifecycleMessageSchema } from '../lifecycle/messages.ts';
import type { DashboardContext } from './context.ts';

/** A publisher batches what accumulated while its last post was in flight. */
const MAX_MESSAGES = 2000;
/** A year of lifecycle events and points in one batch is a few MB. */
const MAX_PUBLISH_BYTES = 16 * 1024 * 1024;

const BatchSchema = z.strictObject({ messages: z.array(z.unknown()).min(1).max(MAX_MESSAGES) });
const LIFECYCLE_TYPES = new Set(['lifecycle-start', 'lifecycle-events', 'lifecycle-points', 'traffic', 'lifecycle-end']);

export function addPublishRoute(router: Router, context: DashboardContext): void {
  router.post('/api/publish', async ({ req, res }) => {
    const { messages } = await readJsonBody(req, BatchSchema, MAX_PUBLISH_BYTES);
    const receivedAtMs = Date.now();
    for (const [index, raw] of messages.entries()) {
      const problem = applyOne(context, raw, receivedAtMs);
      if (problem !== null) throw new HttpError(problem.status, `message ${index + 1}: ${problem.reason}`);
    }
    sendJson(res, { applied: messages.length });
  });
}

function applyOne(context: DashboardContext, raw: unknown, receivedAtMs: number): { status: number; reason: string } | null {
  const type = typeof raw === 'object' && raw !== null && 'type' in raw ? raw.type : undefined;
  if (typeof type === 'string' && LIFECYCLE_TYPES.has(type)) {
    const parsed = LifecycleMessageSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) return { status: 400, reason: describeIssues(parsed.error, { data: raw }).join('; ') };
    return context.lifecycle.apply(parsed.data) ? null : notStarted(parsed.data.key);
  }
  const parsed = BenchMessageSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { status: 400, reason: describeIssues(parsed.error, { data: raw }).join('; ') };
  return context.bench.apply(parsed.data, receivedAtMs) ? null : notStarted(parsed.data.runKey);
}

function notStarted(key: string): { status: number; reason: string } {
  return { status: 409, reason: `run "${key}" was never started here (send its start message first)` };
}
