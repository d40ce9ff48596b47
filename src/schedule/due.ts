import { MS_PER_DAY, dryVolumeMl, msUntilVolume, type PumpProfile } from '../model/index.ts';

/** What the schedule needs to know about the fill now in the pump. */
export interface FillForSchedule {
  atMs: number;
  /** Reservoir content right after the fill: residual left by the last drain + volume filled. */
  contentMl: number;
  /** Predicted full flow for this fill's infusate (recorded when the fill was made). */
  predictedFlowMlPerDay: number;
  /** Days of drug for a drug fill (FUDR), null for maintenance fills. */
  drugDays: number | null;
}

export { DEFAULT_DRUG_DAYS } from '../model/index.ts';

export type DueReason = 'drug-phase-end' | 'reserve';

export interface RefillDue {
  /** When the refill is due: the earlier of (reserve − margin) and the drug phase end. */
  dueAtMs: number;
  reason: DueReason;
  /** When the content falls to profile.lowReservoirMl at the predicted flow. */
  reserveAtMs: number;
  /** When the flow has tapered to "dry" (profile.taper.dryFlowFraction of full flow). */
  dryAtMs: number;
  drugPhaseEndAtMs: number | null;
  marginDays: number;
}

export function drugPhaseEndAtMs(fill: FillForSchedule): number | null {
  return fill.drugDays === null ? null : fill.atMs + fill.drugDays * MS_PER_DAY;
}

/**
 * Refill due time for the fill in the pump. Elapsed time is physical (ms), so a due time lands
 * at a different local clock hour after a DST change; calendar reminders re-anchor to a local
 * hour separately (local-time.ts). A margin of 0 means "due at the reserve".
 */
export function refillDue(profile: PumpProfile, fill: FillForSchedule, marginDays: number = profile.refillMarginDays): RefillDue {
  if (!Number.isFinite(marginDays) || marginDays < 0) throw new RangeError(`marginDays must be a finite number >= 0, got ${marginDays}`);
  const segment = { startVolumeMl: fill.contentMl, rateMlPerDay: fill.predictedFlowMlPerDay };
  // A fill at or below the reserve is due at once (msUntilVolume gives 0); a pump with no flow never reaches it.
  const reserveAtMs = fill.atMs + msUntilVolume(profile, segment, profile.lowReservoirMl);
  const dryAtMs = fill.atMs + msUntilVolume(profile, segment, dryVolumeMl(profile));
  const byReserveMs = Math.max(fill.atMs, reserveAtMs - marginDays * MS_PER_DAY);
  const drugEndMs = drugPhaseEndAtMs(fill);
  const drugFirst = drugEndMs !== null && drugEndMs <= byReserveMs;
  return {
    dueAtMs: Math.round(drugFirst ? drugEndMs : byReserveMs),
    reason: drugFirst ? 'drug-phase-end' : 'reserve',
    reserveAtMs: Math.round(reserveAtMs),
    dryAtMs: Math.round(dryAtMs),
    drugPhaseEndAtMs: drugEndMs === null ? null : Math.round(drugEndMs),
    marginDays,
  };
}

export type DueStatus = 'overdue' | 'due' | 'upcoming';

/** overdue: the due time has passed; due: it falls within `withinMs` from `atMs`; else upcoming. */
export function classifyDue(dueAtMs: number, atMs: number, withinMs: number): DueStatus {
  if (dueAtMs < atMs) return 'overdue';
  if (dueAtMs <= atMs + withinMs) return 'due';
  return 'upcoming';
}
