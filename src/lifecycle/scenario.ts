/**
 * Scenario files (JSON or YAML): a pump profile, a start time, and timed steps that are the
 * lifecycle's external events. Parsed with zod; a bad file gets one line naming the field.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  AckEventSchema,
  BolusEventSchema,
  DrainEventSchema,
  EnvEventSchema,
  FaultEventSchema,
  FillEventSchema,
  type ExternalEvent,
} from './types.ts';

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
    profile: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a profile name from hardware/profiles').optional(),
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
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'day'], message: `steps must be in time order (day ${step.day} after day ${previous.day})` });
      }
      if (scenario.days !== undefined && step.day > scenario.days) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'day'], message: `day ${step.day} is after the scenario's end (days: ${scenario.days})` });
      }
    });
  });
export type Scenario = z.output<typeof ScenarioSchema>;

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

export function parseScenario(raw: unknown, source = 'scenario'): Scenario {
  const result = ScenarioSchema.safeParse(raw);
  if (!result.success) throw new ScenarioError(`${source}: ${describeIssues(result.error)}`);
  return result.data;
}

export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
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
