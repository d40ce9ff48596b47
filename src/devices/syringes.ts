/**
 * The syringe table and pump models of `hardware/` (data, not code), loaded and checked with
 * zod, with stable names for the CLI (`bd-plastipak-10ml`) and the rate range of a syringe on
 * a pump model. Every number in those files carries a provenance tag; most are [?].
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { pumpModelsFileSchema, rateLimitsMlPerMin, syringeTableSchema } from '../../protocols/newera/index.ts';
import type { PumpModel, Syringe } from '../../protocols/newera/index.ts';
import { packagePath } from '../files/package-root.ts';

const SYRINGES_PATH = packagePath('hardware', 'syringes', 'syringes.json');
const PUMP_MODELS_PATH = packagePath('hardware', 'pump-models.json');

export interface NamedSyringe extends Syringe {
  /** e.g. `bd-plastipak-10ml`, `terumo-60ml`, `hamilton-gastight-100ul`. */
  readonly name: string;
}

export interface SyringeRateRange {
  readonly minMlPerMin: number;
  readonly maxMlPerMin: number;
  readonly minMlPerDay: number;
  readonly maxMlPerDay: number;
}

const MIN_PER_DAY = 1440;

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Name = manufacturer, product line (the model's words before its volume or a `/`, unless it
 * only repeats the manufacturer), nominal volume (`10ml`, `2.5ml`, `500ul`). */
export function syringeName(s: Syringe): string {
  const maker = slug(s.manufacturer);
  const line = slug(s.model.split('/')[0]?.split(/\s\d/)[0] ?? '');
  const volume = s.nominalVolumeMl >= 1 ? `${s.nominalVolumeMl}ml` : `${Math.round(s.nominalVolumeMl * 1000)}ul`;
  return [maker, line === maker || line === '' ? undefined : line, volume].filter((p) => p !== undefined).join('-');
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

function parseFile<S extends z.ZodType>(schema: S, path: string): z.output<S> {
  const result = schema.safeParse(readJson(path));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${path}: ${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

let syringeCache: readonly NamedSyringe[] | undefined;
let modelCache: readonly PumpModel[] | undefined;

/** The syringe table, validated; names are unique (checked). */
export function loadSyringes(path = SYRINGES_PATH): readonly NamedSyringe[] {
  if (path === SYRINGES_PATH && syringeCache !== undefined) return syringeCache;
  const table = parseFile(syringeTableSchema, path);
  const named = table.syringes.map((s) => ({ ...s, name: syringeName(s) }));
  const seen = new Set<string>();
  for (const s of named) {
    if (seen.has(s.name)) throw new Error(`${path}: two syringes are named ${s.name}`);
    seen.add(s.name);
  }
  if (path === SYRINGES_PATH) syringeCache = named;
  return named;
}

export function loadPumpModels(path = PUMP_MODELS_PATH): readonly PumpModel[] {
  if (path === PUMP_MODELS_PATH && modelCache !== undefined) return modelCache;
  const models = parseFile(pumpModelsFileSchema, path).models;
  if (path === PUMP_MODELS_PATH) modelCache = models;
  return models;
}

/** A syringe by name (case-insensitive); throws with the known names when there is none. */
export function findSyringe(name: string): NamedSyringe {
  const all = loadSyringes();
  const found = all.find((s) => s.name === name.toLowerCase());
  if (found === undefined) throw new Error(`unknown syringe ${JSON.stringify(name)}; known: ${all.map((s) => s.name).join(', ')}`);
  return found;
}

export function findPumpModel(id: string): PumpModel {
  const found = loadPumpModels().find((m) => m.id === id);
  if (found === undefined) throw new Error(`unknown pump model ${JSON.stringify(id)}`);
  return found;
}

/** Rate range of a syringe (or bare inside diameter) on a pump model. */
export function syringeRateRange(syringe: Pick<Syringe, 'insideDiameterMm'> | number, pumpModelId: string): SyringeRateRange {
  const diameterMm = typeof syringe === 'number' ? syringe : syringe.insideDiameterMm;
  const { minMlPerMin, maxMlPerMin } = rateLimitsMlPerMin(diameterMm, findPumpModel(pumpModelId));
  return { minMlPerMin, maxMlPerMin, minMlPerDay: minMlPerMin * MIN_PER_DAY, maxMlPerDay: maxMlPerMin * MIN_PER_DAY };
}
