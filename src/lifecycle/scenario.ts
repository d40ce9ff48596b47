/**
 * Scenario files (JSON or YAML): a pump profile, a start time, and timed steps that are the
 * lifecycle's external events. Parsed with zod; a bad file gets one line naming the file, the
 * path in it and, for a typo, the nearest valid key. Files over INPUT_FILE_LIMITS.scenario are
 * refused from their size, before they are read.
 */
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { readBoundedTextFile } from '../files/read-bounded.ts';
import { HaipumpError } from '../model/errors.ts';
import { describeIssues } from '../model/schema-issues.ts';
import {
  AckEventSchema,
  BolusEventSchema,
  DrainEventSchema,
  EnvEventSchema,
  FaultEventSchema,
  FillEventSchema,
  type ExternalEvent,
} from './types.ts';
import { packagePath } from '../files/package-root.ts';

/** Each step is an event plus when it happens, in days from the scenario start. */
const timed = { day: z.number().min(0).max(36_600) };

export const ScenarioStepSchema = z.discriminatedUnion('type', [
  FillEventSchema.extend(timed),
  DrainEventSchema.extend(timed),
  BolusEventSchema.extend(timed),
  EnvEventSchema.extend(timed),
  FaultEventSchema.extend(timed),
  AckEventSchema.extend(timed),
]);
export type ScenarioStep = z.output<typeof ScenarioStepSchema>;

export const ScenarioSchema = z
  .strictObject({
    name: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
    profile: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'a profile name from hardware/profiles')
      .optional(),
    startAt: z.iso.datetime({ offset: true }).optional(),
    days: z.number().positive().max(36_600).optional(),
    weightKg: z.number().positive().max(400).optional(),
    environment: z
      .strictObject({
        tempC: z.number().min(30).max(45).optional(),
        ambientMmHg: z.number().min(200).max(900).optional(),
        arterialMmHg: z.number().min(0).max(250).optional(),
      })
      .optional(),
    steps: z.array(ScenarioStepSchema).max(100_000),
  })
  .superRefine((scenario, ctx) => {
    scenario.steps.forEach((step, i) => {
      const previous = scenario.steps[i - 1];
      if (previous !== undefined && step.day < previous.day) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'day'],
          message: `steps must be in time order (day ${step.day} after day ${previous.day})`,
        });
      }
      if (scenario.days !== undefined && step.day > scenario.days) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'day'],
          message: `day ${step.day} is after the scenario's end (days: ${scenario.days})`,
        });
      }
    });
  });
export type Scenario = z.output<typeof ScenarioSchema>;

/** A scenario that cannot be used (usage: the file given is wrong). */
export class ScenarioError extends HaipumpError {
  constructor(message: string) {
    super(message, 'usage');
  }
}

/** At most this many problems in the one line; the rest follow once these are fixed. */
const MAX_ISSUES_SHOWN = 3;

export function parseScenario(raw: unknown, source = 'scenario'): Scenario {
  const result = ScenarioSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    const problems = describeIssues(result.error, { schema: ScenarioSchema, data: raw });
    throw new ScenarioError(`${source}: ${problems.slice(0, MAX_ISSUES_SHOWN).join('; ')}`);
  }
  return result.data;
}

/** The built-in tour (`haipump simulate` with no --scenario): every state of the machine. */
export const TOUR_SCENARIO_FILE = packagePath('scenarios', 'tour.yaml');

export function loadScenarioFile(path: string): Scenario {
  const text = readBoundedTextFile(path, 'scenario');
  let raw: unknown;
  try {
    raw = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ScenarioError(`${path}: not valid ${extname(path).toLowerCase() === '.json' ? 'JSON' : 'YAML'} (${message})`);
  }
  return parseScenario(raw, path);
}

/** The event a step sends, without its timing field. */
export function stepEvent(step: ScenarioStep): ExternalEvent {
  const { day: _day, ...event } = step;
  return event as ExternalEvent;
}
