// The built-in syringe table `syrm` chooses from. A real pump carries the maker's table; the
// emulator builds its own from the project's syringe table (hardware/syringes/syringes.json,
// validated by its schema) and the `syrm` codes, so no diameter is stated twice. Read once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { harvardSyringeCodeOf } from '../../../protocols/harvard/index.ts';
import type { HarvardBuiltInSyringe } from '../../../protocols/harvard/index.ts';
import { syringeTableSchema } from '../../../protocols/newera/index.ts';

const SYRINGES_PATH = fileURLToPath(new URL('../../../hardware/syringes/syringes.json', import.meta.url));

let cache: readonly HarvardBuiltInSyringe[] | undefined;

export function builtInSyringes(): readonly HarvardBuiltInSyringe[] {
  if (cache !== undefined) return cache;
  const table = syringeTableSchema.parse(JSON.parse(readFileSync(SYRINGES_PATH, 'utf8')));
  cache = table.syringes.flatMap((s) => {
    const code = harvardSyringeCodeOf(s.manufacturer, s.model);
    return code === undefined ? [] : [{ code, volumeMl: s.nominalVolumeMl, diameterMm: s.insideDiameterMm }];
  });
  return cache;
}
