/**
 * The scenario file format (YAML or JSON), zod-validated. A step is an object with exactly one
 * action key (`send`, `expect`, `wait`, `advance`, `env`, `fault`, `assert`, `unplug`) plus an
 * optional `name`; the action is dispatched on that key before validation, so an error names
 * the step and the field (`steps[3].expect.tol: ...`) instead of "no union member matched".
 * docs/hil.md is the reference for every field.
 */
import * as z from 'zod';
import { DEVICE_FAULTS } from './faults.ts';
import { DurationMs } from './duration.ts';
import { PERSONALITIES } from '../dialects/types.ts';
import { nearestName } from '../../model/nearest.ts';

/** A number check: exact, `{ approx, tol }`, or `{ min, max }`. */
export const NumberCheck = z.union(
  [
    z.number(),
    z.strictObject({ approx: z.number(), tol: z.number().nonnegative().default(0.0001) }),
    z
      .strictObject({ min: z.number().optional(), max: z.number().optional() })
      .refine((c) => c.min !== undefined || c.max !== undefined, 'give min and/or max'),
  ],
  { error: 'expected a number, { approx, tol } or { min, max }' },
);
export type NumberCheck = z.output<typeof NumberCheck>;

/** A text check: exact, or `{ match: regex }`. */
export const TextCheck = z.union([z.string(), z.strictObject({ match: z.string().refine(isRegex, 'not a valid regular expression') })], {
  error: 'expected a string or { match: regex }',
});
export type TextCheck = z.output<typeof TextCheck>;

function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

const Within = { within: DurationMs.default(0), step: DurationMs.optional() };

export const FIELD_TYPES = ['text', 'number', 'integer', 'state', 'alarms'] as const;

const ExpectSchemas = {
  line: z.strictObject({ line: z.string(), ...Within }),
  match: z.strictObject({ match: z.string().refine(isRegex, 'not a valid regular expression'), ...Within }),
  event: z.strictObject({ event: z.string().min(1), code: z.union([z.number().int(), z.string()]).optional(), ...Within }),
  query: z
    .strictObject({
      query: z.string().min(1),
      field: z.enum(FIELD_TYPES).default('text'),
      equals: z.union([z.string(), z.number()]).optional(),
      approx: z.number().optional(),
      tol: z.number().nonnegative().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      match: z.string().refine(isRegex, 'not a valid regular expression').optional(),
      /** For `field: alarms`: these codes are in the list. */
      includes: z.array(z.union([z.number().int(), z.string()])).optional(),
    })
    .refine((q) => q.tol === undefined || q.approx !== undefined, { message: 'tol needs approx', path: ['tol'] })
    .refine(
      (q) => (q.approx === undefined && q.min === undefined && q.max === undefined) || q.field === 'number' || q.field === 'integer',
      {
        message: 'approx/min/max need field: number or integer',
        path: ['field'],
      },
    ),
} as const;

const EXPECT_KINDS = ['line', 'match', 'event', 'query'] as const;

const Env = z
  .strictObject({
    tempC: z.number().optional(),
    altitudeM: z.number().optional(),
    ambientMmHg: z.number().optional(),
    arterialMmHg: z.number().optional(),
  })
  .refine((e) => Object.keys(e).length > 0, 'give at least one of tempC, altitudeM, ambientMmHg, arterialMmHg');

const Fault = z.union(
  [
    z.enum(DEVICE_FAULTS),
    z.strictObject({ name: z.enum(DEVICE_FAULTS), param: z.number().optional() }),
    z.strictObject({ clear: z.literal(true) }),
  ],
  { error: `expected a fault name (${DEVICE_FAULTS.join(', ')}), { name, param } or { clear: true }` },
);

const Assert = z
  .strictObject({
    volumeMl: NumberCheck.optional(),
    deliveredMl: NumberCheck.optional(),
    state: TextCheck.optional(),
    /** Exactly these alarm codes are active (in any order); `[]` = none. */
    alarms: z.array(z.union([z.number().int(), z.string()])).optional(),
    /** This alarm is active (or, with active: false, is not). */
    alarm: z
      .strictObject({
        code: z.union([z.number().int(), z.string()]),
        active: z.boolean().default(true),
        acknowledged: z.boolean().optional(),
      })
      .optional(),
  })
  .refine((a) => Object.values(a).some((v) => v !== undefined), 'give at least one of volumeMl, deliveredMl, state, alarms, alarm');

export const STEP_SCHEMAS = {
  send: z.string(),
  expect: z.unknown(),
  wait: DurationMs,
  advance: DurationMs,
  env: Env,
  fault: Fault,
  assert: Assert,
  unplug: z.union([z.literal(true), z.strictObject({ downMs: z.number().int().min(0).max(60_000).default(200) })], {
    error: 'expected true or { downMs }',
  }),
} as const;
export type StepAction = keyof typeof STEP_SCHEMAS;
const ACTIONS = Object.keys(STEP_SCHEMAS) as StepAction[];

export type ExpectStep =
  | { kind: 'line'; value: z.output<(typeof ExpectSchemas)['line']> }
  | { kind: 'match'; value: z.output<(typeof ExpectSchemas)['match']> }
  | { kind: 'event'; value: z.output<(typeof ExpectSchemas)['event']> }
  | { kind: 'query'; value: z.output<(typeof ExpectSchemas)['query']> };

export type Step = { path: string; name: string | undefined } & (
  | { action: 'send'; line: string; reply: TextCheck | undefined }
  | { action: 'expect'; expect: ExpectStep }
  | { action: 'wait'; ms: number }
  | { action: 'advance'; ms: number }
  | { action: 'env'; env: z.output<typeof Env> }
  | { action: 'fault'; fault: z.output<typeof Fault> }
  | { action: 'assert'; assert: z.output<typeof Assert> }
  | { action: 'unplug'; downMs: number }
);

/** Steps that need the SIM back door: a scenario with one is skipped on a real device. */
export function needsEmulator(step: Step): boolean {
  return step.action === 'advance' || step.action === 'env' || step.action === 'fault' || step.action === 'unplug';
}

export const EmulatorSettings = z.strictObject({
  speed: z.union([z.literal('max'), z.number().min(0)]).default('max'),
  telemetryS: z.number().int().min(0).max(86_400).default(0),
  profile: z.string().min(1).optional(),
});

export interface Scenario {
  name: string;
  description: string | undefined;
  personality: (typeof PERSONALITIES)[number];
  emulator: z.output<typeof EmulatorSettings>;
  steps: Step[];
  /** `steps` or `scenarios[i].steps`, for messages. */
  path: string;
}

export interface Issue {
  path: string;
  message: string;
}

const ScenarioHead = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  personality: z.enum(PERSONALITIES).default('hai'),
  emulator: EmulatorSettings.default({ speed: 'max', telemetryS: 0 }),
  steps: z.array(z.unknown()).min(1, 'a scenario needs at least one step'),
});

const FileWithMany = z.strictObject({
  description: z.string().optional(),
  personality: z.enum(PERSONALITIES).optional(),
  scenarios: z.array(z.unknown()).min(1),
});

/** `a.3.b` → `a[3].b`, with a prefix. */
export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out;
}

function zodIssues(error: z.ZodError, prefix: string): Issue[] {
  return error.issues.map((issue) => ({ path: joinPath(prefix, issue.path), message: issue.message }));
}

function parseExpect(raw: unknown, path: string): { ok: true; value: ExpectStep } | { ok: false; issues: Issue[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, issues: [{ path, message: `expected an object with one of ${EXPECT_KINDS.join(', ')}` }] };
  }
  const kinds = EXPECT_KINDS.filter((k) => k in raw && !(k === 'match' && 'query' in raw));
  if (kinds.length !== 1) {
    return {
      ok: false,
      issues: [{ path, message: `give exactly one of ${EXPECT_KINDS.join(', ')} (got ${kinds.length === 0 ? 'none' : kinds.join(', ')})` }],
    };
  }
  const kind = kinds[0] as (typeof EXPECT_KINDS)[number];
  const parsed = ExpectSchemas[kind].safeParse(raw);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error, path) };
  return { ok: true, value: { kind, value: parsed.data } as ExpectStep };
}

function parseStep(raw: unknown, path: string): { ok: true; step: Step } | { ok: false; issues: Issue[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, issues: [{ path, message: `expected an object with one of ${ACTIONS.join(', ')}` }] };
  const record = raw as Record<string, unknown>;
  const actions = ACTIONS.filter((a) => a in record);
  if (actions.length !== 1) {
    const unknown = Object.keys(record).filter((k) => k !== 'name' && k !== 'reply' && !ACTIONS.includes(k as StepAction));
    const unknownText = unknown.map((k) => {
      const near = nearestName(k, ACTIONS);
      return `${JSON.stringify(k)}${near === undefined ? '' : ` (did you mean ${near}?)`}`;
    });
    const got = actions.length === 0 ? `none${unknown.length > 0 ? `; unknown key ${unknownText.join(', ')}` : ''}` : actions.join(', ');
    return { ok: false, issues: [{ path, message: `give exactly one action of ${ACTIONS.join(', ')} (got ${got})` }] };
  }
  const action = actions[0] as StepAction;
  const allowed = new Set<string>([action, 'name', ...(action === 'send' ? ['reply'] : [])]);
  const extra = Object.keys(record).filter((k) => !allowed.has(k));
  const firstExtra = extra[0];
  if (firstExtra !== undefined) {
    const near = nearestName(firstExtra, allowed);
    return {
      ok: false,
      issues: [
        {
          path: `${path}.${firstExtra}`,
          message: `unknown key for a ${action} step${near === undefined ? '' : `; did you mean ${near}?`} (allowed: ${[...allowed].join(', ')})`,
        },
      ],
    };
  }
  const name = record.name;
  if (name !== undefined && typeof name !== 'string')
    return { ok: false, issues: [{ path: `${path}.name`, message: 'expected a string' }] };
  const at = `${path}.${action}`;
  const base = { path: at, name };
  if (action === 'expect') {
    const parsed = parseExpect(record.expect, at);
    return parsed.ok ? { ok: true, step: { ...base, action, expect: parsed.value } } : parsed;
  }
  const parsed = STEP_SCHEMAS[action].safeParse(record[action]);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error, at) };
  switch (action) {
    case 'send': {
      const reply = record.reply === undefined ? undefined : TextCheck.safeParse(record.reply);
      if (reply !== undefined && !reply.success) return { ok: false, issues: zodIssues(reply.error, `${path}.reply`) };
      return { ok: true, step: { ...base, action, line: parsed.data as string, reply: reply?.data } };
    }
    case 'wait':
    case 'advance':
      return { ok: true, step: { ...base, action, ms: parsed.data as number } };
    case 'env':
      return { ok: true, step: { ...base, action, env: parsed.data as z.output<typeof Env> } };
    case 'fault':
      return { ok: true, step: { ...base, action, fault: parsed.data as z.output<typeof Fault> } };
    case 'assert':
      return { ok: true, step: { ...base, action, assert: parsed.data as z.output<typeof Assert> } };
    case 'unplug': {
      const value = parsed.data as true | { downMs: number };
      return { ok: true, step: { ...base, action, downMs: value === true ? 200 : value.downMs } };
    }
  }
}

function parseScenario(
  raw: unknown,
  prefix: string,
  fallbackName: string,
  inherited: { personality?: Scenario['personality'] },
): { scenario?: Scenario; issues: Issue[] } {
  const head = ScenarioHead.safeParse(
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) && inherited.personality !== undefined && !('personality' in raw)
      ? { ...raw, personality: inherited.personality }
      : raw,
  );
  if (!head.success) return { issues: zodIssues(head.error, prefix) };
  const issues: Issue[] = [];
  const steps: Step[] = [];
  head.data.steps.forEach((rawStep, i) => {
    const parsed = parseStep(rawStep, joinPath(prefix, ['steps', i]));
    if (parsed.ok) steps.push(parsed.step);
    else issues.push(...parsed.issues);
  });
  if (issues.length > 0) return { issues };
  const stepsPath = joinPath(prefix, ['steps']);
  return {
    scenario: {
      name: head.data.name ?? fallbackName,
      description: head.data.description,
      personality: head.data.personality,
      emulator: head.data.emulator,
      steps,
      path: stepsPath,
    },
    issues: [],
  };
}

/** A parsed file document → scenarios, or every issue found (with paths into the document). */
export function parseScenarioDocument(doc: unknown, fallbackName: string): { scenarios: Scenario[]; issues: Issue[] } {
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'scenarios' in doc) {
    const file = FileWithMany.safeParse(doc);
    if (!file.success) return { scenarios: [], issues: zodIssues(file.error, '') };
    const scenarios: Scenario[] = [];
    const issues: Issue[] = [];
    file.data.scenarios.forEach((raw, i) => {
      const parsed = parseScenario(raw, `scenarios[${i}]`, `${fallbackName}-${i + 1}`, { personality: file.data.personality });
      if (parsed.scenario !== undefined) scenarios.push(parsed.scenario);
      issues.push(...parsed.issues);
    });
    return { scenarios: issues.length > 0 ? [] : scenarios, issues };
  }
  const parsed = parseScenario(doc, '', fallbackName, {});
  return { scenarios: parsed.scenario === undefined ? [] : [parsed.scenario], issues: parsed.issues };
}
