/**
 * What a chart says about where its data came from. Printed as the subtitle, so a plot that
 * leaves the run directory (a report, an e-mail) still names the run, the rig and the day.
 */
export interface ChartMeta {
  /** The stored run (haipump runs); null for a recorded file analysed with `haipump trumpet`. */
  runId: number | null;
  label?: string | null;
  /** The pump spec as given (`ne1000:/dev/ttyUSB0`), or free text for a file. */
  device: string;
  syringe: string | null;
  /** When the run started (or the file was recorded): an ISO date-time, or a date alone. */
  dateIso: string;
  /** The file the samples came from (its base name), for a run without a run id. */
  source?: string;
}

const SEPARATOR = ' · ';

/**
 * `run 7 · ne1000:/dev/ttyUSB0 · syringe bd-plastipak-60ml · 2026-12-05 14:03 UTC`; a recorded
 * file without a run id starts with its name instead. Parts not known are left out, not "n/a".
 */
export function subtitleOf(meta: ChartMeta): string {
  const origin = meta.runId !== null ? `run ${meta.runId}` : meta.source;
  const parts = [
    origin,
    meta.label,
    meta.device,
    meta.syringe === null || meta.syringe === '' ? undefined : `syringe ${meta.syringe}`,
    dateText(meta.dateIso),
  ];
  return parts.filter((part): part is string => typeof part === 'string' && part !== '').join(SEPARATOR);
}

/** UTC to the minute: the same text whichever time zone the file or the page is rendered in. */
function dateText(dateIso: string): string {
  // A date alone (`--date 2026-12-05`) says no more than the day; do not invent midnight UTC.
  if (/^\d{4}-\d{2}-\d{2}$/.test(dateIso)) return dateIso;
  const ms = Date.parse(dateIso);
  if (!Number.isFinite(ms)) return dateIso;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
