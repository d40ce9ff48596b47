import { timeFields } from '../schedule/json.ts';
import { drainMeasuresOf } from './drain-measures.ts';
import type { FillRow, PumpRow, RefillRow } from './rows.ts';

/**
 * JSON shapes of stored rows, shared by the store commands and the dashboard's refill board:
 * numbers carry their unit in the name, times come as an ISO string with the zone's offset plus
 * the same instant as `...Ms` (UTC epoch ms).
 */
export function pumpJson(p: PumpRow, zone: string): Record<string, unknown> {
  return {
    id: p.id,
    profile: p.profile,
    serial: p.serial,
    ...timeFields('implantedAt', p.implanted_at_ms, zone),
    label: p.label,
    ...timeFields('createdAt', p.created_at_ms, zone),
  };
}

export function fillJson(f: FillRow, zone: string): Record<string, unknown> {
  return {
    id: f.id,
    pumpId: f.pump_id,
    ...timeFields('at', f.at_ms, zone),
    infusate: f.infusate,
    volumeMl: f.volume_ml,
    contentMl: f.content_ml,
    predictedFlowMlPerDay: f.predicted_flow_ml_per_day,
    predictionBasis: f.prediction_basis,
    drugDays: f.drug_days,
    recipe:
      f.fudr_mg === null
        ? null
        : {
            fudrMg: f.fudr_mg,
            dexamethasoneMg: f.dexamethasone_mg,
            heparinUnits: f.heparin_units,
            doseMgPerKgDay: f.dose_mg_per_kg_day,
            weightKg: f.weight_kg,
            flowMlPerDay: f.recipe_flow_ml_per_day,
          },
  };
}

export function drainJson(r: RefillRow, zone: string): Record<string, unknown> {
  return { id: r.id, pumpId: r.pump_id, fillId: r.fill_id, ...timeFields('at', r.at_ms, zone), ...drainMeasuresOf(r) };
}
