/**
 * Pure functions over the lifecycle context: volume accounting, deadlines, alarms.
 * The machine's actions and guards are thin wrappers around these, so each can be tested alone.
 *
 * Every deadline is an absolute time derived from the current flow segment, never a countdown:
 * that is what lets the machine re-plan after an environment change or a restore and still fire
 * at the same instant.
 */
import {
  MS_PER_DAY,
  MS_PER_YEAR,
  ambientMmHgAtAltitude,
  dryVolumeMl,
  fullFlowRateMlPerDay,
  measuredFlowMlPerDay,
  flowDeviation,
  flowAtVolumeMlPerDay,
  msUntilVolume,
  remainingAfterMs,
} from '../model/index.ts';
import {
  ALARM_SEVERITY,
  type Alarm,
  type AlarmCode,
  type EnvEvent,
  type Environment,
  type LifecycleContext,
  type LogEntry,
} from './types.ts';

/** Volumes closer than this are equal: fills are refused only when they really overflow. */
export const VOLUME_EPSILON_ML = 1e-9;

export function remainingAt(ctx: LifecycleContext, atMs: number): number {
  const { segment } = ctx;
  return remainingAfterMs(ctx.profile, segment, Math.max(0, atMs - segment.startAtMs));
}

/** Delivered from the reservoir up to `atMs` (the closed segment plus the open one). */
export function deliveredAt(ctx: LifecycleContext, atMs: number): number {
  return ctx.totals.deliveredMl + (ctx.segment.startVolumeMl - remainingAt(ctx, atMs));
}

/** Absolute time at which the reservoir reaches `volumeMl`; Infinity if it never does. */
export function timeOfVolume(ctx: LifecycleContext, volumeMl: number): number {
  const ms = msUntilVolume(ctx.profile, ctx.segment, volumeMl);
  return ms === Infinity ? Infinity : ctx.segment.startAtMs + ms;
}

export const lowAtMs = (ctx: LifecycleContext): number => timeOfVolume(ctx, ctx.profile.lowReservoirMl);
export const taperAtMs = (ctx: LifecycleContext): number => timeOfVolume(ctx, ctx.profile.taper.fullFlowDownToMl);
export const dryAtMs = (ctx: LifecycleContext): number => timeOfVolume(ctx, dryVolumeMl(ctx.profile));

/** A refill is due a margin before the reservoir reaches the low-reservoir level. */
export function refillDueAtMs(ctx: LifecycleContext): number {
  const low = lowAtMs(ctx);
  const due = low - ctx.profile.refillMarginDays * MS_PER_DAY;
  const drugEnd = ctx.lastFill?.drugPhaseEndsAtMs ?? Infinity;
  return Math.min(due, drugEnd);
}

/** Delay from `nowMs` to an absolute deadline, for XState `delays`. */
export function delayUntil(deadlineMs: number, nowMs: number): number {
  if (deadlineMs === Infinity) return Infinity;
  return Math.max(0, deadlineMs - nowMs);
}

/** The full (untapered) rate the pump runs at now, given conditions, drift and measured correction. */
export function currentRateMlPerDay(ctx: LifecycleContext, atMs: number): number {
  if (ctx.infusate === null || ctx.occluded || ctx.drained) return 0;
  const ageYears = Math.max(0, (atMs - ctx.ageStartAtMs) / MS_PER_YEAR);
  const { tempC, ambientMmHg, arterialMmHg } = ctx.env;
  const rate = fullFlowRateMlPerDay(ctx.profile, { tempC, ambientMmHg, arterialMmHg, infusate: ctx.infusate }, ageYears);
  return rate * ctx.flowCorrection;
}

/** The instantaneous (tapered) flow at `atMs`. */
export function instantaneousFlowMlPerDay(ctx: LifecycleContext, atMs: number): number {
  return flowAtVolumeMlPerDay(ctx.profile, ctx.segment.rateMlPerDay, remainingAt(ctx, atMs));
}

/**
 * Closes the open segment at `atMs` (its delivery becomes final) and opens a new one at the
 * rate the conditions now give. Volume moves only here, in fills and in drains.
 */
export function resegment(ctx: LifecycleContext, atMs: number, startVolumeMl?: number): Pick<LifecycleContext, 'segment' | 'totals'> {
  const remaining = remainingAt(ctx, atMs);
  const totals = { ...ctx.totals, deliveredMl: ctx.totals.deliveredMl + (ctx.segment.startVolumeMl - remaining) };
  const next = { ...ctx, totals };
  return {
    totals,
    segment: { startAtMs: atMs, startVolumeMl: startVolumeMl ?? remaining, rateMlPerDay: currentRateMlPerDay(next, atMs) },
  };
}

export function environmentFrom(current: Environment, event: EnvEvent): Environment {
  const env = { ...current };
  if (event.tempC !== undefined) env.tempC = event.tempC;
  if (event.arterialMmHg !== undefined) env.arterialMmHg = event.arterialMmHg;
  if (event.altitudeM !== undefined) {
    env.altitudeM = event.altitudeM;
    env.ambientMmHg = ambientMmHgAtAltitude(event.altitudeM);
  } else if (event.ambientMmHg !== undefined) {
    env.altitudeM = null;
    env.ambientMmHg = event.ambientMmHg;
  }
  return env;
}

export const activeAlarms = (ctx: LifecycleContext): Alarm[] => ctx.alarms.filter((a) => a.acknowledgedAtMs === null);
export const hasActiveFault = (ctx: LifecycleContext): boolean => activeAlarms(ctx).some((a) => a.severity === 'fault');
export const hasActiveAlarm = (ctx: LifecycleContext): boolean => activeAlarms(ctx).length > 0;

/** Raises `code` unless it was already raised during the current fill (then it is a no-op). */
export function raiseAlarm(ctx: LifecycleContext, code: AlarmCode, atMs: number, cause: string): Pick<LifecycleContext, 'alarms' | 'log'> {
  const perFill = code === 'LOW_RESERVOIR' || code === 'DRY' || code === 'DRUG_PHASE_OVERDUE';
  if (perFill && ctx.alarms.some((a) => a.code === code && a.fillSeq === ctx.fillSeq)) {
    return { alarms: ctx.alarms, log: ctx.log };
  }
  const alarm: Alarm = {
    id: ctx.alarms.length + 1,
    code,
    severity: ALARM_SEVERITY[code],
    atMs,
    cause,
    fillSeq: ctx.fillSeq,
    acknowledgedAtMs: null,
  };
  const entry: LogEntry = { atMs, type: 'alarm', code, severity: alarm.severity, cause };
  return { alarms: [...ctx.alarms, alarm], log: [...ctx.log, entry] };
}

export function acknowledge(ctx: LifecycleContext, code: AlarmCode | 'ALL', atMs: number): Pick<LifecycleContext, 'alarms' | 'log'> {
  const log = [...ctx.log];
  const alarms = ctx.alarms.map((a) => {
    if (a.acknowledgedAtMs !== null || (code !== 'ALL' && a.code !== code)) return a;
    log.push({ atMs, type: 'ack', code: a.code, raisedAtMs: a.atMs });
    return { ...a, acknowledgedAtMs: atMs };
  });
  return { alarms, log };
}

export interface DrainOutcome {
  returnedMl: number;
  /** What stays behind as dead space: the profile's [E], less where the measured return leaves no room for it. */
  residualMl: number;
  predictedReturnedMl: number;
  /** What the model had not counted as delivered but was (positive), or the other way: remaining − residual − returned. */
  reconciliationMl: number;
  measuredFlowMlPerDay: number | null;
  predictedFlowMlPerDay: number | null;
  deviationFraction: number;
  level: 'ok' | 'flag' | 'fault';
}

/**
 * What a drain at `atMs` returns and what it says about the pump. Without a measured value the
 * model's own prediction is what comes back (simulation); with one, the model is reconciled to it.
 */
export function drainOutcome(ctx: LifecycleContext, atMs: number, measuredReturnedMl?: number): DrainOutcome {
  const remaining = remainingAt(ctx, atMs);
  const modelResidualMl = Math.min(ctx.profile.residualAfterDrainMl, remaining);
  const predictedReturnedMl = remaining - modelResidualMl;
  const returnedMl = measuredReturnedMl ?? predictedReturnedMl;
  const fill = ctx.lastFill;
  // A measured return can exceed what the model left room for (the dead space is an estimate, and
  // a pump that barely ran gives nearly all back): then less stayed behind. What stays is at most
  // what the reservoir held less what came back, so no volume is made up and no flow is negative.
  const residualMl = fill === null ? modelResidualMl : Math.max(0, Math.min(modelResidualMl, fill.afterFillMl - returnedMl));
  const reconciliationMl = remaining - residualMl - returnedMl;
  // No fill before it, nothing to measure over; and a pump that ran dry delivered less than its
  // flow: its returned volume says nothing about the rate.
  if (fill === null || atMs <= fill.atMs || ctx.alarms.some((a) => a.code === 'DRY' && a.fillSeq === ctx.fillSeq)) {
    return {
      returnedMl,
      residualMl,
      predictedReturnedMl,
      reconciliationMl,
      measuredFlowMlPerDay: null,
      predictedFlowMlPerDay: null,
      deviationFraction: 0,
      level: 'ok',
    };
  }
  const elapsedMs = atMs - fill.atMs;
  // Residual stays in the pump on both sides of the interval; what left is filled minus returned.
  // The max only absorbs rounding: residualMl ≤ afterFillMl − returnedMl already, but a
  // subtraction of a tiny return can round back to afterFillMl.
  const measured = measuredFlowMlPerDay({ filledMl: Math.max(fill.afterFillMl - residualMl, returnedMl), returnedMl, elapsedMs });
  const predicted = (fill.afterFillMl - remaining) / (elapsedMs / MS_PER_DAY);
  const deviation = predicted > 0 ? flowDeviation(measured, predicted, ctx.profile.flowDeviation) : { fraction: 0, level: 'ok' as const };
  return {
    returnedMl,
    residualMl,
    predictedReturnedMl,
    reconciliationMl,
    measuredFlowMlPerDay: measured,
    predictedFlowMlPerDay: predicted,
    deviationFraction: deviation.fraction,
    level: deviation.level,
  };
}

/** filled − delivered − drained − remaining: zero when volume is conserved. */
export function conservationErrorMl(ctx: LifecycleContext, atMs: number): number {
  const t = ctx.totals;
  return t.filledMl - deliveredAt(ctx, atMs) - t.drainedMl - remainingAt(ctx, atMs);
}
