/**
 * The one reader of the `hardware/` tables (data, not code): the syringe table and the pump
 * models, checked with zod. Each loader takes its file as a parameter (default: this checkout's
 * `hardware/`) and keeps what it read, by path, for the life of the process. The emulators never
 * read these files: whoever starts one passes the rows in (DESIGN.md: firmware-sim imports only
 * protocols/ and src/model/).
 */
import { readFileSync } from 'node:fs';
import { packagePath } from '../files/package-root.ts';
import type * as z from 'zod';
import { pumpModelsFileSchema, syringeTableSchema, type PumpModel, type Syringe } from '../../protocols/newera/index.ts';

export const SYRINGES_FILE = packagePath('hardware', 'syringes', 'syringes.json');
export const PUMP_MODELS_FILE = packagePath('hardware', 'pump-models.json');

export interface NamedSyringe extends Syringe {
  /** e.g. `bd-plastipak-10ml`, `terumo-60ml`, `hamilton-gastight-100ul`. */
  readonly name: string;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Name = manufacturer, product line (the model's words before its volume or a `/`, unless it
 * only repeats the manufacturer), nominal volume (`10ml`, `2.5ml`, `500ul`). */
function syringeName(s: Syringe): string {
  const maker = slug(s.manufacturer);
  const line = slug(s.model.split('/')[0]?.split(/\s\d/)[0] ?? '');
  const volume = s.nominalVolumeMl >= 1 ? `${s.nominalVolumeMl}ml` : `${Math.round(s.nominalVolumeMl * 1000)}ul`;
  return [maker, line === maker || line === '' ? undefined : line, volume].filter((p) => p !== undefined).join('-');
}

/** Reads `path` as JSON and checks it against `schema`; throws one line naming the file and the field. */
export function readHardwareTable<S extends z.ZodType>(schema: S, path: string): z.output<S> {
  const result = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')) as unknown);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${path}: ${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

const syringesByPath = new Map<string, readonly NamedSyringe[]>();
const modelsByPath = new Map<string, readonly PumpModel[]>();

/** The syringe table, validated, each row with its CLI name; names are unique (checked). */
export function loadSyringes(path: string = SYRINGES_FILE): readonly NamedSyringe[] {
  const cached = syringesByPath.get(path);
  if (cached !== undefined) return cached;
  const named = readHardwareTable(syringeTableSchema, path).syringes.map((s) => ({ ...s, name: syringeName(s) }));
  const seen = new Set<string>();
  for (const s of named) {
    if (seen.has(s.name)) throw new Error(`${path}: two syringes are named ${s.name}`);
    seen.add(s.name);
  }
  syringesByPath.set(path, named);
  return named;
}

/** The pump models' plunger-speed and diameter limits, validated. */
export function loadPumpModels(path: string = PUMP_MODELS_FILE): readonly PumpModel[] {
  const cached = modelsByPath.get(path);
  if (cached !== undefined) return cached;
  const models = readHardwareTable(pumpModelsFileSchema, path).models;
  modelsByPath.set(path, models);
  return models;
}
