/** The verdict of a controller run: what makes it right or wrong, in words a bench user reads. */
import type { ControllerResult } from './types.ts';

/** Below a nanolitre (the emulator's unit) the ledger and the device's counter agree. */
const LEDGER_EPSILON_ML = 1e-6;

export interface RunVerdict {
  ok: boolean;
  reasons: string[];
}

/** "Green means right": the run is only ok when the device agreed with the model throughout. */
export function runVerdict(result: ControllerResult): RunVerdict {
  const reasons: string[] = [];
  const r = result.reconciliation;
  const signed = (v: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(4)} mL`;
  if (result.deviations > 0) reasons.push(`${result.deviations} device deviation(s): the device disagreed with the model beyond tolerance`);
  const outside = result.comparisons.filter((c) => !c.withinTolerance);
  if (outside.length > 0) {
    const first = outside[0];
    const reservoir =
      first?.reservoirDiffMl === null || first?.reservoirDiffMl === undefined ? '' : `, reservoir Δ ${signed(first.reservoirDiffMl)}`;
    reasons.push(
      `${outside.length} of ${result.comparisons.length} comparisons out of tolerance${first === undefined ? '' : `, first at day ${first.day.toFixed(2)} (delivered Δ ${signed(first.deliveredDiffMl)}${reservoir})`}`,
    );
  }
  if (!r.withinTolerance)
    reasons.push(
      `final reconciliation out of tolerance: device delivered ${r.deviceDeliveredMl.toFixed(4)} mL, model ${r.modelDeliveredMl.toFixed(4)} mL, difference ${signed(r.differenceMl)}`,
    );
  if (Math.abs(r.ledgerMl - r.deviceDeliveredMl) > LEDGER_EPSILON_ML) {
    reasons.push(
      `the delivered-volume ledger (${r.ledgerMl.toFixed(4)} mL) differs from the device's counter (${r.deviceDeliveredMl.toFixed(4)} mL): a gap or a double count`,
    );
  }
  const lost = result.linkEpisodes.filter((e) => e.restoredAtMs === null);
  if (lost.length > 0) reasons.push(`the link was lost ${lost.length} time(s) and not restored`);
  return { ok: reasons.length === 0, reasons };
}
