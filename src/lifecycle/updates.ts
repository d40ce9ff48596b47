/**
 * What each lifecycle action does to the context, as pure functions of (context, event, time).
 * The machine's actions are one-line wrappers around these (machine.ts), so the state diagram
 * stays readable and each update can be tested on its own.
 */
import { DEFAULT_DRUG_DAYS, MS_PER_DAY, MS_PER_MINUTE, type InfusateName } from '../model/index.ts';
import { acknowledge, activeAlarms, drainOutcome, environmentFrom, raiseAlarm, remainingAt, resegment } from './accounting.ts';
import { recipeFor, refusalReason } from './refusals.ts';
import type {
  AckEvent,
  AlarmCode,
  BolusEvent,
  DrainEvent,
  EnvEvent,
  FaultEvent,
  FillEvent,
  LifecycleContext,
  LifecycleEvent,
  LogEntry,
} from './types.ts';

const FAULT_ALARM: Record<FaultEvent['cause'], AlarmCode> = {
  occlusion: 'OCCLUSION',
  leak: 'LEAK',
  sensor: 'SENSOR',
  'pump-failure': 'PUMP_FAILURE',
  'link-lost': 'LINK_LOST',
  'device-deviation': 'DEVICE_DEVIATION',
};

/** A fill: the reservoir takes the volume (refusals are the guard's job), the recipe is recorded. */
export function fillUpdate(context: LifecycleContext, event: FillEvent, atMs: number): Partial<LifecycleContext> {
  const infusate: InfusateName = event.infusate;
  const remaining = remainingAt(context, atMs);
  const afterFillMl = remaining + event.volumeMl;
  const { totals, segment } = resegment({ ...context, infusate, drained: false }, atMs, afterFillMl);
  const recipe = recipeFor(context, event);
  const isDrug = infusate === 'fudr';
  const drugDays = isDrug ? (event.drugDays ?? DEFAULT_DRUG_DAYS) : null;
  const seq = context.fillSeq + 1;
  const fudrMg = recipe.ok ? recipe.fudrMg : null;
  const flowMlPerDay = recipe.ok ? recipe.flowMlPerDay : null;
  const entry: LogEntry = {
    atMs,
    type: 'fill',
    infusate,
    volumeMl: event.volumeMl,
    fillSeq: seq,
    recipeFudrMg: fudrMg,
    recipeFlowMlPerDay: flowMlPerDay,
  };
  return {
    infusate,
    drained: false,
    segment,
    totals: { ...totals, filledMl: totals.filledMl + event.volumeMl },
    fillSeq: seq,
    lastFill: {
      seq,
      atMs,
      infusate,
      volumeMl: event.volumeMl,
      afterFillMl,
      drugDays,
      drugPhaseEndsAtMs: drugDays === null ? null : atMs + drugDays * MS_PER_DAY,
      recipeFlowMlPerDay: flowMlPerDay,
      recipeFudrMg: fudrMg,
    },
    procedureEndsAtMs: atMs + context.profile.fillDurationMin * MS_PER_MINUTE,
    patient: { weightKg: event.weightKg ?? context.patient.weightKg },
    log: [...context.log, entry],
  };
}

/** A drain: the returned volume (measured, or the model's), the measured flow, and its alarm. */
export function drainUpdate(context: LifecycleContext, event: DrainEvent, atMs: number): Partial<LifecycleContext> {
  const outcome = drainOutcome(context, atMs, event.returnedMl);
  // The residual left by a drain is dead space: nothing flows until the next fill.
  const closed = resegment({ ...context, drained: true }, atMs, outcome.residualMl);
  // What the model expected to come back but did not (or vice versa) was in fact delivered.
  const totals = {
    ...closed.totals,
    deliveredMl: closed.totals.deliveredMl + outcome.reconciliationMl,
    drainedMl: closed.totals.drainedMl + outcome.returnedMl,
  };
  const measured = outcome.measuredFlowMlPerDay;
  const predicted = outcome.predictedFlowMlPerDay;
  const flowCorrection =
    measured !== null && predicted !== null && predicted > 0
      ? Math.min(4, Math.max(0.25, context.flowCorrection * (measured / predicted)))
      : context.flowCorrection;
  let next: LifecycleContext = {
    ...context,
    drained: true,
    totals,
    flowCorrection,
    measuredFlowMlPerDay: measured ?? context.measuredFlowMlPerDay,
    lastDrain:
      measured === null || predicted === null
        ? context.lastDrain
        : {
            atMs,
            fillSeq: context.fillSeq,
            returnedMl: outcome.returnedMl,
            residualMl: outcome.residualMl,
            predictedReturnedMl: outcome.predictedReturnedMl,
            measuredFlowMlPerDay: measured,
            predictedFlowMlPerDay: predicted,
            deviationFraction: outcome.deviationFraction,
            level: outcome.level,
          },
    procedureEndsAtMs: atMs + context.profile.drainDurationMin * MS_PER_MINUTE,
    log: [
      ...context.log,
      {
        atMs,
        type: 'drain',
        returnedMl: outcome.returnedMl,
        measuredFlowMlPerDay: measured,
        deviationFraction: outcome.deviationFraction,
        level: outcome.level,
      },
    ],
  };
  next = { ...next, segment: closed.segment };
  if (outcome.level !== 'ok' && measured !== null && predicted !== null) {
    const pct = (100 * outcome.deviationFraction).toFixed(1);
    const cause = `measured flow ${measured.toFixed(3)} mL/day vs predicted ${predicted.toFixed(3)} mL/day (${pct} %)`;
    next = { ...next, ...raiseAlarm(next, outcome.level === 'fault' ? 'FLOW_FAULT' : 'FLOW_DEVIATION', atMs, cause) };
  }
  return next;
}

/** A side-port bolus: straight to the catheter, never through the reservoir. */
export function bolusUpdate(context: LifecycleContext, event: BolusEvent, atMs: number): Partial<LifecycleContext> {
  const durationMs = (event.volumeMl / context.profile.bolus.rateMlPerMin) * MS_PER_MINUTE;
  return {
    bolus: { startAtMs: atMs, endsAtMs: atMs + durationMs, volumeMl: event.volumeMl },
    totals: { ...context.totals, bolusMl: context.totals.bolusMl + event.volumeMl },
    log: [...context.log, { atMs, type: 'bolus', volumeMl: event.volumeMl }],
  };
}

export function finishBolusUpdate(context: LifecycleContext, atMs: number): Partial<LifecycleContext> {
  return context.bolus === null
    ? {}
    : { bolus: null, log: [...context.log, { atMs, type: 'bolus-done', volumeMl: context.bolus.volumeMl }] };
}

/** New conditions: the open flow segment closes and a new one starts at the rate they give. */
export function environmentUpdate(context: LifecycleContext, event: EnvEvent, atMs: number): Partial<LifecycleContext> {
  const env = environmentFrom(context.env, event);
  const { totals, segment } = resegment({ ...context, env }, atMs);
  const entry: LogEntry = { atMs, type: 'env', ...env, rateMlPerDay: segment.rateMlPerDay };
  return { env, totals, segment, log: [...context.log, entry] };
}

export function faultUpdate(context: LifecycleContext, event: FaultEvent, atMs: number): Partial<LifecycleContext> {
  const code = FAULT_ALARM[event.cause];
  const occluded = context.occluded || event.cause === 'occlusion';
  const { totals, segment } = resegment({ ...context, occluded }, atMs);
  const raised = raiseAlarm(context, code, atMs, event.detail ?? event.cause);
  return { occluded, totals, segment, ...raised };
}

export function acknowledgeUpdate(context: LifecycleContext, event: AckEvent, atMs: number): Partial<LifecycleContext> {
  const acked = { ...context, ...acknowledge(context, event.code, atMs) };
  // Acknowledging an occlusion means it was found and cleared: flow resumes.
  const occluded = acked.occluded && activeAlarms(acked).some((a) => a.code === 'OCCLUSION');
  if (occluded === context.occluded) return acked;
  const { totals, segment } = resegment({ ...acked, occluded }, atMs);
  return { ...acked, occluded, totals, segment };
}

export function lowReservoirUpdate(context: LifecycleContext, atMs: number): Partial<LifecycleContext> {
  return raiseAlarm(context, 'LOW_RESERVOIR', atMs, `reservoir at ${remainingAt(context, atMs).toFixed(3)} mL`);
}

export function dryUpdate(context: LifecycleContext, atMs: number): Partial<LifecycleContext> {
  return raiseAlarm(context, 'DRY', atMs, `flow tapered to near zero at ${remainingAt(context, atMs).toFixed(3)} mL`);
}

export function drugOverdueUpdate(context: LifecycleContext, atMs: number): Partial<LifecycleContext> {
  const days = context.lastFill?.drugDays ?? 0;
  return raiseAlarm(context, 'DRUG_PHASE_OVERDUE', atMs, `drug phase planned for ${days} days has ended without a refill`);
}

/** Logged once per fill, however often the reservoir region re-enters `tapering`. */
export function taperUpdate(context: LifecycleContext, atMs: number): Partial<LifecycleContext> {
  if (context.log.some((e) => e.type === 'taper' && e.atMs >= (context.lastFill?.atMs ?? 0))) return {};
  return { log: [...context.log, { atMs, type: 'taper', remainingMl: remainingAt(context, atMs) }] };
}

export function refusalUpdate(
  context: LifecycleContext,
  stateName: string,
  event: LifecycleEvent,
  atMs: number,
): Partial<LifecycleContext> {
  return { log: [...context.log, { atMs, type: 'refused', event: event.type, reason: refusalReason(context, stateName, event, atMs) }] };
}
