/**
 * What `haipump accuracy` sends the dashboard while a gravimetric run goes on: the set-up once,
 * then one message per balance sample, the devices' link changes, and the end. A publisher is
 * another process, so every field is checked and unknown keys are refused: a bad message must
 * not change what the bench view shows.
 */
import * as z from 'zod';
import { AccuracyError, type AccuracyErrorCode } from '../../accuracy/errors.ts';
import { checkDensity } from '../../accuracy/flow.ts';
import { livePeriod } from '../../accuracy/live/analysis-period.ts';

const runKey = z.string().min(1).max(100);
const finite = z.number().finite();
/** A month: long enough for a low-rate pump analysed over a late hour of a long run. */
const MAX_MINUTES = 31 * 24 * 60;
/** A sample a second for a month; an index beyond it is a broken publisher. */
const MAX_SAMPLES = MAX_MINUTES * 60;

function whole(payload: { issues: readonly unknown[] }): boolean {
  return payload.issues.length === 0;
}

export const BENCH_END_STATUSES = ['complete', 'interrupted', 'refused', 'failed'] as const;

const SetupSchema = z
  .strictObject({
    type: z.literal('setup'),
    runKey,
    pump: z.string().min(1).max(200),
    balance: z.string().min(1).max(200),
    syringe: z.string().min(1).max(100).nullable(),
    label: z.string().max(200).nullable(),
    rateMlPerH: finite.positive().max(10_000),
    minutes: finite.positive().max(MAX_MINUTES),
    intervalS: finite.positive().max(3600),
    // The CLI's own --speed bound.
    speed: finite.positive().max(10_000),
    // Bounded by checkDensity below, whose message names the likely unit mistake.
    densityGPerMl: finite,
    startedAtIso: z.iso.datetime({ offset: true }),
    startMin: finite.nonnegative().max(MAX_MINUTES).optional(),
    endMin: finite.nonnegative().max(MAX_MINUTES).optional(),
  })
  .superRefine(
    (setup, ctx) => {
      const problem = setupProblem(setup);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.path] });
    },
    // Only over fields that passed: a zero `minutes` is one mistake, not also an empty period.
    { when: whole },
  );

const SampleSchema = z
  .strictObject({
    type: z.literal('sample'),
    runKey,
    index: z.number().int().nonnegative().max(MAX_SAMPLES),
    total: z.number().int().nonnegative().max(MAX_SAMPLES),
    atS: finite.nonnegative().max(MAX_MINUTES * 60),
    // A 64 kg balance is already more than a bench needs; negative readings happen (tare drift).
    massG: finite.min(-100_000).max(100_000),
    stable: z.boolean(),
  })
  .refine((sample) => sample.index <= sample.total, { message: 'index must not exceed total', path: ['index'], when: whole });

const LinkSchema = z.strictObject({
  type: z.literal('link'),
  runKey,
  device: z.enum(['pump', 'balance']),
  state: z.enum(['connecting', 'up', 'down']),
  detail: z.string().max(500).optional(),
});

const EndSchema = z.strictObject({
  type: z.literal('end'),
  runKey,
  status: z.enum(BENCH_END_STATUSES),
  runId: z.number().int().nonnegative().nullable(),
  message: z.string().max(500).optional(),
});

export const BenchMessageSchema = z.discriminatedUnion('type', [SetupSchema, SampleSchema, LinkSchema, EndSchema]);
export type BenchMessage = z.output<typeof BenchMessageSchema>;
export type BenchSetup = Extract<BenchMessage, { type: 'setup' }>;
export type BenchSample = Extract<BenchMessage, { type: 'sample' }>;
export type BenchLink = Extract<BenchMessage, { type: 'link' }>;
export type BenchEnd = Extract<BenchMessage, { type: 'end' }>;
export type BenchEndStatus = (typeof BENCH_END_STATUSES)[number];

/**
 * What would make the analysis refuse this set-up whatever the samples: an implausible density
 * (a unit mistake) or an analysis period that is empty. Caught here so a run that can never give
 * figures is refused when it is announced, not after its last sample.
 */
export function setupProblem(
  setup: Pick<BenchSetup, 'densityGPerMl' | 'minutes' | 'intervalS' | 'startMin' | 'endMin'>,
): { code: AccuracyErrorCode; path: string; message: string } | undefined {
  try {
    checkDensity(setup.densityGPerMl);
  } catch (error) {
    if (error instanceof AccuracyError) return { code: error.code, path: 'densityGPerMl', message: error.message };
    throw error;
  }
  const period = livePeriod(setup.minutes, setup.intervalS, setup.startMin, setup.endMin);
  if (!(period.startMin >= 0 && period.endMin > period.startMin)) {
    return {
      code: 'bad-period',
      path: 'endMin',
      message: `analysis period ${period.startMin}–${period.endMin} min must have 0 ≤ start < end`,
    };
  }
  return undefined;
}
