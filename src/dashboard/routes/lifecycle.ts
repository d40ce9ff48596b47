import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { packagePath } from '../../files/package-root.ts';
import { AckEventSchema, loadScenarioFile, parseScenario, type Scenario } from '../../lifecycle/index.ts';
import type { PumpProfile } from '../../model/index.ts';
import { DEFAULT_PROFILE_NAME, loadProfile } from '../../profiles/load.ts';
import { lifecycleDiagramSvg } from '../diagram/index.ts';
import { readJsonBody } from '../http/body.ts';
import { HttpError, send, sendJson } from '../http/respond.ts';
import type { Router } from '../http/router.ts';
import { lifecycleChartSpec } from '../lifecycle/chart.ts';
import { startSimulation } from '../lifecycle/simulation.ts';
import { type DashboardContext, requireControl } from './context.ts';

/** The built-in scenarios a page can start: the top-level files of scenarios/. */
const SCENARIOS_DIR = packagePath('scenarios');

function builtInScenarios(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((name) => ['.yaml', '.yml', '.json'].includes(extname(name)))
    .map((name) => basename(name, extname(name)))
    .sort();
}

const StartSchema = z.strictObject({
  /** A built-in scenario by name, or an uploaded one as text. */
  scenario: z.string().min(1).max(100).optional(),
  upload: z.strictObject({ name: z.string().min(1).max(200), text: z.string().min(1).max(200_000) }).optional(),
  speed: z.union([z.literal('max'), z.number().positive().max(1e6)]).default('max'),
  days: z.number().positive().max(36_600).optional(),
});

const StopSchema = z.strictObject({ key: z.string().min(1).max(100).optional() });

export function addLifecycleRoutes(router: Router, context: DashboardContext): void {
  router.get('/api/lifecycle', ({ res }) => {
    const latest = context.lifecycle.latest()?.snapshot() ?? null;
    sendJson(res, { runs: context.lifecycle.list(), latest, chart: latest === null ? null : lifecycleChartSpec(latest) });
  });
  router.get('/api/lifecycle/runs/:key', ({ res, params }) => {
    const session = context.lifecycle.get(params.key ?? '');
    if (session === undefined) throw new HttpError(404, `no lifecycle run "${params.key}"`);
    sendJson(res, session.snapshot());
  });
  router.get('/api/lifecycle/diagram.svg', async ({ res }) => send(res, 200, 'image/svg+xml; charset=utf-8', await lifecycleDiagramSvg()));
  router.get('/api/scenarios', ({ res }) => sendJson(res, { scenarios: builtInScenarios(), allowControl: context.allowControl }));

  router.post('/api/lifecycle/simulations', async ({ req, res }) => {
    requireControl(context);
    const body = await readJsonBody(req, StartSchema);
    if ((body.scenario === undefined) === (body.upload === undefined))
      throw new HttpError(400, 'give "scenario" (a built-in name) or "upload", not both');
    const { scenario, name } = body.upload === undefined ? builtIn(body.scenario ?? '') : uploaded(body.upload);
    const profile = profileOf(scenario, name);
    // One simulation at a time: a new one replaces the last (its tab watchers follow the new key).
    for (const running of context.simulations.values()) running.stop();
    context.simulations.clear();
    const key = `sim-${randomUUID().slice(0, 8)}`;
    const simulation = startSimulation({ key, scenario, scenarioName: name, profile, speed: body.speed, days: body.days }, (message) =>
      context.lifecycle.apply(message),
    );
    context.simulations.set(key, simulation);
    sendJson(res, { key, scenario: name, speed: body.speed }, 202);
  });

  router.post('/api/lifecycle/stop', async ({ req, res }) => {
    requireControl(context);
    const body = await readJsonBody(req, StopSchema);
    const key = body.key ?? [...context.simulations.keys()].at(-1);
    const simulation = key === undefined ? undefined : context.simulations.get(key);
    if (simulation === undefined || key === undefined) throw new HttpError(404, 'no simulation of this dashboard to stop');
    simulation.stop();
    await simulation.finished;
    sendJson(res, { key, stopped: true });
  });

  router.post('/api/lifecycle/ack', async ({ req, res }) => {
    requireControl(context);
    const event = await readJsonBody(req, AckEventSchema.omit({ type: true }).extend({ key: z.string().min(1).max(100).optional() }));
    const key = event.key ?? [...context.simulations.keys()].at(-1);
    const simulation = key === undefined ? undefined : context.simulations.get(key);
    if (simulation === undefined || key === undefined) throw new HttpError(404, 'no simulation of this dashboard to acknowledge in');
    if (!simulation.acknowledge({ type: 'ACK', code: event.code })) throw new HttpError(409, `simulation ${key} has no machine running`);
    sendJson(res, { key, acknowledged: event.code });
  });
}

function profileOf(scenario: Scenario, name: string): PumpProfile {
  try {
    return loadProfile(scenario.profile ?? DEFAULT_PROFILE_NAME);
  } catch (error) {
    throw new HttpError(400, `${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function builtIn(name: string): { scenario: Scenario; name: string } {
  const known = builtInScenarios();
  if (!known.includes(name)) throw new HttpError(400, `no built-in scenario "${name}" (known: ${known.join(', ')})`);
  const file = readdirSync(SCENARIOS_DIR).find((f) => basename(f, extname(f)) === name) ?? `${name}.yaml`;
  try {
    return { scenario: loadScenarioFile(join(SCENARIOS_DIR, file)), name };
  } catch (error) {
    throw new HttpError(400, error instanceof Error ? error.message : String(error));
  }
}

function uploaded(upload: { name: string; text: string }): { scenario: Scenario; name: string } {
  let raw: unknown;
  try {
    raw = upload.name.toLowerCase().endsWith('.json') ? JSON.parse(upload.text) : parseYaml(upload.text);
  } catch (error) {
    throw new HttpError(
      400,
      `${upload.name}: not valid ${upload.name.endsWith('.json') ? 'JSON' : 'YAML'} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    );
  }
  try {
    return { scenario: parseScenario(raw, upload.name), name: upload.name };
  } catch (error) {
    throw new HttpError(400, error instanceof Error ? error.message : String(error));
  }
}
