import * as z from 'zod';
import { InfusateNameSchema } from '../model/index.ts';
import { StoreError } from './errors.ts';

/**
 * zod schemas for rows read back from SQLite. The file may have been written by another version
 * or edited by hand: a row that does not parse is an error that names the table and the field.
 */
const int = z.number().int();
const finite = z.number().refine(Number.isFinite, 'must be finite');

/** A row of a pump's history: its id and pump first, then `columns`, then when it was written. */
function pumpHistoryRow<const C extends z.ZodRawShape>(columns: C) {
  return z.object({ id: int, pump_id: z.string(), ...columns, created_at_ms: int });
}

export const PumpRowSchema = z.object({
  id: z.string().min(1),
  profile: z.string().min(1),
  serial: z.string().nullable(),
  implanted_at_ms: int.nullable(),
  label: z.string().nullable(),
  created_at_ms: int,
});
export type PumpRow = z.output<typeof PumpRowSchema>;

export const FillRowSchema = pumpHistoryRow({
  at_ms: int,
  infusate: InfusateNameSchema,
  volume_ml: finite.positive(),
  content_ml: finite.positive(),
  predicted_flow_ml_per_day: finite.min(0),
  prediction_basis: z.enum(['measured', 'nominal']),
  drug_days: finite.positive().nullable(),
  fudr_mg: finite.nullable(),
  dexamethasone_mg: finite.nullable(),
  heparin_units: finite.nullable(),
  dose_mg_per_kg_day: finite.nullable(),
  weight_kg: finite.nullable(),
  recipe_flow_ml_per_day: finite.nullable(),
  recipe_json: z.string().nullable(),
});
export type FillRow = z.output<typeof FillRowSchema>;

export const RefillRowSchema = pumpHistoryRow({
  fill_id: int,
  at_ms: int,
  infusate: InfusateNameSchema,
  returned_ml: finite.min(0),
  measured_flow_ml_per_day: finite.min(0),
  predicted_flow_ml_per_day: finite.min(0),
  deviation_fraction: finite,
  level: z.enum(['ok', 'flag', 'fault']),
  reached_taper: z.union([z.literal(0), z.literal(1)]),
});
export type RefillRow = z.output<typeof RefillRowSchema>;

export const LabRowSchema = pumpHistoryRow({
  at_ms: int,
  ast_u_per_l: finite.positive().nullable(),
  alp_u_per_l: finite.positive().nullable(),
  bilirubin_mg_per_dl: finite.positive().nullable(),
});
export type LabRow = z.output<typeof LabRowSchema>;

export const AckRowSchema = z.object({
  pump_id: z.string(),
  kind: z.enum(['refill', 'fill']),
  due_at_ms: int,
  acknowledged_at_ms: int,
});

/** Parses one row; `table` names it in the error. */
export function parseRow<S extends z.ZodType>(schema: S, row: unknown, table: string): z.output<S> {
  const result = schema.safeParse(row);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined ? '' : `${issue.path.map(String).join('.')}: ${issue.message}`;
    throw new StoreError(`unreadable ${table} row in the database (${where})`);
  }
  return result.data;
}

export function parseRows<S extends z.ZodType>(schema: S, rows: unknown[], table: string): z.output<S>[] {
  return rows.map((row) => parseRow(schema, row, table));
}
