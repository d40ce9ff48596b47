import { MS_PER_DAY, type FlowDeviationLevel, type InfusateName, type PumpProfile } from '../model/index.ts';
import { classifyDue, refillDue, type DueStatus, type RefillDue } from './due.ts';
import { detectTrend, DEFAULT_TREND, type TrendFlag, type TrendOptions } from './drift.ts';
import { infusateFlowFactor } from './flow.ts';

/** The fill now (or last) in a pump, as the schedule needs it. */
export interface FillSnapshot {
  id: number;
  atMs: number;
  infusate: InfusateName;
  volumeMl: number;
  contentMl: number;
  predictedFlowMlPerDay: number;
  drugDays: number | null;
}

/** A recorded drain, with the infusate of the fill it drained. */
export interface DrainSnapshot {
  id: number;
  fillId: number;
  atMs: number;
  infusate: InfusateName;
  returnedMl: number;
  measuredFlowMlPerDay: number;
  predictedFlowMlPerDay: number;
  deviationFraction: number;
  level: FlowDeviationLevel;
  reachedTaper: boolean;
}

export interface PumpSnapshot {
  pumpId: string;
  label: string | null;
  profile: PumpProfile;
  lastFill: FillSnapshot | null;
  /** Newest first; the first one is the drain of `lastFill` when that fill has been drained. */
  recentDrains: DrainSnapshot[];
}

export type ReminderKind = 'refill' | 'fill';

export interface ReminderItem {
  pumpId: string;
  label: string | null;
  /** The fill the reminder belongs to (for 'fill': the fill that was drained). */
  fillId: number;
  kind: ReminderKind;
  reason: 'drug-phase-end' | 'reserve' | 'drained';
  dueAtMs: number;
  status: DueStatus;
  acknowledgedAtMs: number | null;
  /** Present for 'refill' items. */
  schedule: RefillDue | null;
  message: string;
}

export interface PumpFlag {
  pumpId: string;
  kind: 'deviation' | 'trend' | 'taper';
  level: 'flag' | 'fault';
  message: string;
  drain?: DrainSnapshot;
  trend?: TrendFlag;
}

export interface RemindOptions {
  atMs: number;
  withinMs: number;
  /** Overrides every profile's refillMarginDays when given. */
  marginDays?: number;
  trend?: TrendOptions;
  /** Acknowledgements keyed by ackKey(). */
  acks?: ReadonlyMap<string, number>;
}

export function ackKey(pumpId: string, kind: ReminderKind, dueAtMs: number): string {
  return `${pumpId}\u0000${kind}\u0000${dueAtMs}`;
}

const days = (ms: number): string => (ms / MS_PER_DAY).toFixed(1);

/** The one reminder a pump has now: refill of the fill in it, or fill of a drained pump; null if never filled. */
export function pumpReminder(snapshot: PumpSnapshot, options: RemindOptions): ReminderItem | null {
  const { lastFill: fill, profile } = snapshot;
  if (fill === null) return null;
  const drain = snapshot.recentDrains[0];
  const drained = drain !== undefined && drain.fillId === fill.id;
  const base = { pumpId: snapshot.pumpId, label: snapshot.label, fillId: fill.id };
  if (drained) {
    // A drained pump holds only its residual: it runs dry within about a day, so a fill is due at once.
    const dueAtMs = drain.atMs;
    const status = classifyDue(dueAtMs, options.atMs, options.withinMs);
    return {
      ...base,
      kind: 'fill',
      reason: 'drained',
      dueAtMs,
      status,
      acknowledgedAtMs: options.acks?.get(ackKey(snapshot.pumpId, 'fill', dueAtMs)) ?? null,
      schedule: null,
      message: 'drained and not refilled: fill it now',
    };
  }
  const schedule = refillDue(profile, fill, options.marginDays ?? profile.refillMarginDays);
  const status = classifyDue(schedule.dueAtMs, options.atMs, options.withinMs);
  const why =
    schedule.reason === 'drug-phase-end'
      ? `drug phase of ${fill.drugDays ?? 0} days ends`
      : `reservoir reaches its ${profile.lowReservoirMl} mL reserve ${schedule.marginDays} days later at ${fill.predictedFlowMlPerDay.toFixed(3)} mL/day`;
  const when =
    status === 'overdue' ? `overdue by ${days(options.atMs - schedule.dueAtMs)} days` : `in ${days(schedule.dueAtMs - options.atMs)} days`;
  return {
    ...base,
    kind: 'refill',
    reason: schedule.reason,
    dueAtMs: schedule.dueAtMs,
    status,
    acknowledgedAtMs: options.acks?.get(ackKey(snapshot.pumpId, 'refill', schedule.dueAtMs)) ?? null,
    schedule,
    message: `refill ${when}: ${why}`,
  };
}

/** Drift flags from the drain history: the newest drain's deviation, a taper warning, a trend. */
export function pumpFlags(snapshot: PumpSnapshot, trend: TrendOptions = DEFAULT_TREND): PumpFlag[] {
  const flags: PumpFlag[] = [];
  const { profile } = snapshot;
  const newest = snapshot.recentDrains[0];
  if (newest !== undefined) {
    if (newest.reachedTaper) {
      flags.push({
        pumpId: snapshot.pumpId,
        kind: 'taper',
        level: 'flag',
        drain: newest,
        message: `only ${newest.returnedMl} mL came back: the pump reached its bellows taper (near dry); the measured flow is a lower bound`,
      });
    } else if (newest.level !== 'ok') {
      const pct = (100 * newest.deviationFraction).toFixed(1);
      flags.push({
        pumpId: snapshot.pumpId,
        kind: 'deviation',
        level: newest.level,
        drain: newest,
        message: `measured ${newest.measuredFlowMlPerDay.toFixed(3)} mL/day vs predicted ${newest.predictedFlowMlPerDay.toFixed(3)} (${newest.deviationFraction >= 0 ? '+' : ''}${pct} %; ${newest.level} above ${100 * (newest.level === 'fault' ? profile.flowDeviation.faultFraction : profile.flowDeviation.flagFraction)} %)`,
      });
    }
  }
  const points = snapshot.recentDrains
    .filter((d) => !d.reachedTaper)
    .map((d) => ({ atMs: d.atMs, calibrationFlowMlPerDay: d.measuredFlowMlPerDay / infusateFlowFactor(profile, d.infusate) }));
  const found = detectTrend(points, trend);
  if (found !== null) {
    flags.push({
      pumpId: snapshot.pumpId,
      kind: 'trend',
      level: 'flag',
      trend: found,
      message: `flow ${found.direction} over ${found.refills} refills: ${found.flowsMlPerDay.map((f) => f.toFixed(3)).join(' → ')} mL/day (calibration-fluid equivalent), mean ${(100 * found.meanChangeFractionPerRefill).toFixed(1)} %/refill (threshold ${(100 * found.thresholdFractionPerRefill).toFixed(1)} %)`,
    });
  }
  return flags;
}

export interface RemindReport {
  atMs: number;
  withinMs: number;
  items: ReminderItem[];
  flags: PumpFlag[];
  /** Pumps with no fill recorded: nothing to schedule. */
  idlePumpIds: string[];
  counts: { overdue: number; due: number; upcoming: number; acknowledged: number };
  exitStatus: 0 | 1 | 2;
}

/**
 * Exit status for cron/CI: 2 if anything is overdue (acknowledged or not: an acknowledgement
 * books a refill, it does not make a late one safe), else 1 if an unacknowledged item is due
 * within the window, else 0.
 */
export function remindReport(snapshots: readonly PumpSnapshot[], options: RemindOptions): RemindReport {
  const items: ReminderItem[] = [];
  const flags: PumpFlag[] = [];
  const idlePumpIds: string[] = [];
  for (const snapshot of snapshots) {
    const item = pumpReminder(snapshot, options);
    if (item === null) idlePumpIds.push(snapshot.pumpId);
    else items.push(item);
    flags.push(...pumpFlags(snapshot, options.trend));
  }
  items.sort((a, b) => a.dueAtMs - b.dueAtMs || a.pumpId.localeCompare(b.pumpId));
  const counts = { overdue: 0, due: 0, upcoming: 0, acknowledged: 0 };
  for (const item of items) {
    counts[item.status]++;
    if (item.acknowledgedAtMs !== null) counts.acknowledged++;
  }
  const dueUnacked = items.some((i) => i.status === 'due' && i.acknowledgedAtMs === null);
  const exitStatus = counts.overdue > 0 ? 2 : dueUnacked ? 1 : 0;
  return { atMs: options.atMs, withinMs: options.withinMs, items, flags, idlePumpIds, counts, exitStatus };
}
