/**
 * Syringes and pump models by the names the CLI and the drivers use (`bd-plastipak-10ml`,
 * `ne1000`), looked up in the hardware/ tables (hardware-tables.ts reads them). Every number in
 * those files carries a provenance tag; most are [?].
 */
import type { PumpModel } from '../../protocols/newera/index.ts';
import { loadPumpModels, loadSyringes, type NamedSyringe } from './hardware-tables.ts';

export type { NamedSyringe } from './hardware-tables.ts';

/** A syringe by name (case-insensitive); throws with the known names when there is none. */
export function findSyringe(name: string): NamedSyringe {
  const syringes = loadSyringes();
  const found = syringes.find((s) => s.name === name.toLowerCase());
  if (found === undefined) throw new Error(`unknown syringe ${JSON.stringify(name)}; known: ${syringes.map((s) => s.name).join(', ')}`);
  return found;
}

export function findPumpModel(id: string): PumpModel {
  const found = loadPumpModels().find((m) => m.id === id);
  if (found === undefined) throw new Error(`unknown pump model ${JSON.stringify(id)}`);
  return found;
}

/** What a bench pump emulator is started with from hardware/: its model's limits and the syringe table. */
export function benchPumpHardware(modelId: string): { limits: PumpModel; syringes: readonly NamedSyringe[] } {
  return { limits: findPumpModel(modelId), syringes: loadSyringes() };
}
