// `syrm` manufacturer codes of the pump's built-in syringe table [M: the codes, per the
// reference]. The names after the first four are [?]: the reference gives the codes only.
// `makers` are the manufacturer names of hardware/syringes/syringes.json that a code covers
// (with a model word when one maker has two codes), so the emulator's built-in table is built
// from the project's syringe table instead of restating diameters.

export interface HarvardSyringeCode {
  readonly code: string;
  readonly name: string;
  /** Rows of the project's syringe table this code covers: manufacturer, optional model word. */
  readonly makers: ReadonlyArray<{ readonly manufacturer: string; readonly modelIncludes?: string }>;
}

export const HARVARD_SYRINGE_CODES: readonly HarvardSyringeCode[] = [
  { code: 'bdp', name: 'B-D Plasti-pak', makers: [{ manufacturer: 'BD', modelIncludes: 'Plastipak' }] },
  { code: 'bdg', name: 'B-D Glass', makers: [{ manufacturer: 'BD', modelIncludes: 'Glass' }] },
  { code: 'ham', name: 'Hamilton', makers: [{ manufacturer: 'Hamilton' }] },
  { code: 'ter', name: 'Terumo', makers: [{ manufacturer: 'Terumo' }] },
  { code: 'smp', name: 'Sherwood Monoject', makers: [{ manufacturer: 'Monoject' }] },
  { code: 'hos', name: 'Hoshi', makers: [] },
  { code: 'nat', name: 'National Scientific', makers: [] },
  { code: 'nip', name: 'Nipro', makers: [] },
  { code: 'sge', name: 'SGE', makers: [{ manufacturer: 'SGE' }] },
  { code: 'top', name: 'Top', makers: [] },
  { code: 'cad', name: 'Cadence Science', makers: [] },
  { code: 'has', name: 'Harvard stainless steel', makers: [] },
  { code: 'air', name: 'Air-Tite', makers: [] },
];

/** A syringe of a pump's built-in table. */
export interface HarvardBuiltInSyringe {
  readonly code: string;
  readonly volumeMl: number;
  readonly diameterMm: number;
}

/** The code covering a syringe-table row, if any. */
function harvardSyringeCodeOf(manufacturer: string, model: string): string | undefined {
  const m = manufacturer.toLowerCase();
  const found = HARVARD_SYRINGE_CODES.find((c) =>
    c.makers.some(
      (k) =>
        k.manufacturer.toLowerCase() === m &&
        (k.modelIncludes === undefined || model.toLowerCase().includes(k.modelIncludes.toLowerCase())),
    ),
  );
  return found?.code;
}

/** What a built-in table is made from: a row of the project's syringe table (hardware/syringes). */
export interface SyringeTableRow {
  readonly manufacturer: string;
  readonly model: string;
  readonly nominalVolumeMl: number;
  readonly insideDiameterMm: number;
}

/** The table `syrm` chooses from: each row a code covers, so no diameter is stated twice. */
export function harvardBuiltInSyringes(rows: readonly SyringeTableRow[]): HarvardBuiltInSyringe[] {
  return rows.flatMap((row) => {
    const code = harvardSyringeCodeOf(row.manufacturer, row.model);
    return code === undefined ? [] : [{ code, volumeMl: row.nominalVolumeMl, diameterMm: row.insideDiameterMm }];
  });
}
