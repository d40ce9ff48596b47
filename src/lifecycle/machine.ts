/**
 * The implanted pump's lifecycle as an XState v5 machine. Read `createMachine({...})` at the
 * bottom as the state diagram; guards, actions and delays are named and implemented above it.
 *
 * empty ─FILL→ filling ─→ infusing ∥ { phase: drug → drugOverdue | maintenance,
 *                                      reservoir: normal → low → tapering,
 *                                      sidePort: idle ⇄ bolusing,
 *                                      device: ok ⇄ fault }
 * infusing.reservoir.tapering ─→ depleted (dry alarm)
 * infusing | depleted ─DRAIN→ refilling.draining ─→ refilling.drained ─FILL→ filling
 *
 * Deadlines are delays computed from absolute times in context (see accounting.ts), so any
 * re-entry (environment change, acknowledged fault, restore) re-plans them exactly.
 */
import { assign, setup } from 'xstate';
import { computeRecipe, DosingError, MS_PER_DAY, MS_PER_MINUTE, type InfusateName } from '../model/index.ts';
import type { Clock } from '../model/clock.ts';
import {
  VOLUME_EPSILON_ML,
  acknowledge,
  activeAlarms,
  delayUntil,
  drainOutcome,
  dryAtMs,
  environmentFrom,
  hasActiveAlarm,
  hasActiveFault,
  lowAtMs,
  raiseAlarm,
  remainingAt,
  resegment,
  taperAtMs,
} from './accounting.ts';
import { dryVolumeMl } from '../model/index.ts';
import type {
  AlarmCode,
  FaultEvent,
  FillEvent,
  LifecycleContext,
  LifecycleEvent,
  LifecycleInput,
  LogEntry,
} from './types.ts';

export interface LifecycleDeps {
  clock: Pick<Clock, 'now'>;
}

export const DEFAULT_ENVIRONMENT = { tempC: 37, ambientMmHg: 760, arterialMmHg: 95, altitudeM: 0 } as const;
export const DEFAULT_DRUG_DAYS = 14;

const FAULT_ALARM: Record<FaultEvent['cause'], AlarmCode> = {
  occlusion: 'OCCLUSION',
  leak: 'LEAK',
  sensor: 'SENSOR',
  'pump-failure': 'PUMP_FAILURE',
  'link-lost': 'LINK_LOST',
  'device-deviation': 'DEVICE_DEVIATION',
};

type RecipeOutcome = { ok: true; fudrMg: number | null; flowMlPerDay: number | null } | { ok: false; reason: string };

/** The recipe for a drug fill, from the measured flow once there is one (never the nominal then). */
export function recipeFor(ctx: LifecycleContext, event: FillEvent): RecipeOutcome {
  if (event.infusate !== 'fudr' || event.doseMgPerKgDay === undefined) return { ok: true, fudrMg: null, flowMlPerDay: null };
  const weightKg = event.weightKg ?? ctx.patient.weightKg;
  if (weightKg === null) return { ok: false, reason: 'a dose needs a weight (weightKg)' };
  const flowMlPerDay = ctx.measuredFlowMlPerDay ?? ctx.profile.nominalRateMlPerDay;
  try {
    const recipe = computeRecipe({ weightKg, doseMgPerKgDay: event.doseMgPerKgDay, reservoirMl: event.volumeMl, flowMlPerDay });
    return { ok: true, fudrMg: recipe.fudrMg, flowMlPerDay };
  } catch (error) {
    if (error instanceof DosingError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Why an event was not taken, in words for the log. */
export function refusalReason(ctx: LifecycleContext, stateName: string, event: LifecycleEvent, nowMs: number): string {
  const faults = activeAlarms(ctx).filter((a) => a.severity === 'fault');
  const faultText = faults.length > 0 ? `unacknowledged fault ${faults.map((a) => a.code).join(', ')}` : '';
  switch (event.type) {
    case 'FILL': {
      if (faultText) return faultText;
      if (!['empty', 'refilling.drained'].includes(stateName)) return `a fill needs an empty or drained reservoir (state ${stateName}); drain first`;
      const remaining = remainingAt(ctx, nowMs);
      if (remaining + event.volumeMl > ctx.profile.reservoirMl + VOLUME_EPSILON_ML) {
        return `${event.volumeMl} mL on top of ${remaining.toFixed(3)} mL exceeds the ${ctx.profile.reservoirMl} mL reservoir`;
      }
      const recipe = recipeFor(ctx, event);
      return recipe.ok ? `not accepted in state ${stateName}` : recipe.reason;
    }
    case 'DRAIN':
      if (faultText) return faultText;
      if (event.returnedMl !== undefined && ctx.lastFill !== null && event.returnedMl > ctx.lastFill.afterFillMl) {
        return `returned ${event.returnedMl} mL is more than the ${ctx.lastFill.afterFillMl.toFixed(3)} mL the reservoir held`;
      }
      return `nothing to drain in state ${stateName}`;
    case 'BOLUS': {
      const active = activeAlarms(ctx);
      if (active.length > 0) return `bolus refused during alarm ${active.map((a) => a.code).join(', ')}`;
      if (event.volumeMl > ctx.profile.bolus.maxVolumeMl) return `bolus ${event.volumeMl} mL exceeds the ${ctx.profile.bolus.maxVolumeMl} mL limit`;
      if (ctx.bolus !== null) return 'a bolus is already in progress';
      return `a bolus needs an infusing pump (state ${stateName})`;
    }
    case 'ACK':
      return event.code === 'ALL' ? 'no active alarm to acknowledge' : `no active ${event.code} alarm`;
    default:
      return `not accepted in state ${stateName}`;
  }
}

/** A compact name for a snapshot value: `refilling.drained`, or `infusing` for the parallel state. */
export function topStateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const [key, inner] = Object.entries(value)[0] ?? ['?', undefined];
    if (key === 'infusing') return 'infusing';
    return typeof inner === 'string' ? `${key}.${inner}` : key;
  }
  return '?';
}

export function createLifecycleMachine(deps: LifecycleDeps) {
  const now = (): number => deps.clock.now();

  return setup({
    types: {
      context: {} as LifecycleContext,
      events: {} as LifecycleEvent,
      input: {} as LifecycleInput,
    },
    guards: {
      canFill: ({ context, event }) => {
        if (event.type !== 'FILL' || hasActiveFault(context)) return false;
        const fits = remainingAt(context, now()) + event.volumeMl <= context.profile.reservoirMl + VOLUME_EPSILON_ML;
        return fits && recipeFor(context, event).ok;
      },
      canDrain: ({ context, event }) => {
        if (event.type !== 'DRAIN' || hasActiveFault(context)) return false;
        return event.returnedMl === undefined || context.lastFill === null || event.returnedMl <= context.lastFill.afterFillMl;
      },
      canBolus: ({ context, event }) =>
        event.type === 'BOLUS' &&
        !hasActiveAlarm(context) &&
        context.bolus === null &&
        event.volumeMl <= context.profile.bolus.maxVolumeMl,
      hasMatchingAlarm: ({ context, event }) =>
        event.type === 'ACK' && activeAlarms(context).some((a) => event.code === 'ALL' || a.code === event.code),
      isDryNow: ({ context }) => remainingAt(context, now()) <= dryVolumeMl(context.profile) + VOLUME_EPSILON_ML,
      isTaperingNow: ({ context }) => remainingAt(context, now()) <= context.profile.taper.fullFlowDownToMl,
      isLowNow: ({ context }) => remainingAt(context, now()) <= context.profile.lowReservoirMl,
      isDrugPhase: ({ context }) => (context.lastFill?.drugPhaseEndsAtMs ?? null) !== null,
      isDrugPhaseOver: ({ context }) => now() >= (context.lastFill?.drugPhaseEndsAtMs ?? Infinity),
      isBolusInProgress: ({ context }) => context.bolus !== null && now() < context.bolus.endsAtMs,
      hasActiveFault: ({ context }) => hasActiveFault(context),
    },
    actions: {
      recordFill: assign(({ context, event }) => {
        if (event.type !== 'FILL') return {};
        const atMs = now();
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
        const entry: LogEntry = { atMs, type: 'fill', infusate, volumeMl: event.volumeMl, fillSeq: seq, recipeFudrMg: fudrMg, recipeFlowMlPerDay: flowMlPerDay };
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
      }),
      recordDrain: assign(({ context, event }) => {
        if (event.type !== 'DRAIN') return {};
        const atMs = now();
        const outcome = drainOutcome(context, atMs, event.returnedMl);
        // The residual left by a drain is dead space: nothing flows until the next fill.
        const closed = resegment({ ...context, drained: true }, atMs, outcome.residualMl);
        // What the model expected to come back but did not (or vice versa) was in fact delivered.
        const reconciliationMl = outcome.predictedReturnedMl - outcome.returnedMl;
        const totals = {
          ...closed.totals,
          deliveredMl: closed.totals.deliveredMl + reconciliationMl,
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
      }),
      recordBolus: assign(({ context, event }) => {
        if (event.type !== 'BOLUS') return {};
        const atMs = now();
        const durationMs = (event.volumeMl / context.profile.bolus.rateMlPerMin) * MS_PER_MINUTE;
        return {
          bolus: { startAtMs: atMs, endsAtMs: atMs + durationMs, volumeMl: event.volumeMl },
          totals: { ...context.totals, bolusMl: context.totals.bolusMl + event.volumeMl },
          log: [...context.log, { atMs, type: 'bolus', volumeMl: event.volumeMl }],
        };
      }),
      finishBolus: assign(({ context }) =>
        context.bolus === null
          ? {}
          : { bolus: null, log: [...context.log, { atMs: now(), type: 'bolus-done', volumeMl: context.bolus.volumeMl }] },
      ),
      applyEnvironment: assign(({ context, event }) => {
        if (event.type !== 'ENV') return {};
        const atMs = now();
        const env = environmentFrom(context.env, event);
        const { totals, segment } = resegment({ ...context, env }, atMs);
        const entry: LogEntry = { atMs, type: 'env', ...env, rateMlPerDay: segment.rateMlPerDay };
        return { env, totals, segment, log: [...context.log, entry] };
      }),
      recordFault: assign(({ context, event }) => {
        if (event.type !== 'FAULT') return {};
        const atMs = now();
        const code = FAULT_ALARM[event.cause];
        const occluded = context.occluded || event.cause === 'occlusion';
        const { totals, segment } = resegment({ ...context, occluded }, atMs);
        const raised = raiseAlarm(context, code, atMs, event.detail ?? event.cause);
        return { occluded, totals, segment, ...raised };
      }),
      acknowledgeAlarms: assign(({ context, event }) => {
        if (event.type !== 'ACK') return {};
        const atMs = now();
        const acked = { ...context, ...acknowledge(context, event.code, atMs) };
        // Acknowledging an occlusion means it was found and cleared: flow resumes.
        const occluded = acked.occluded && activeAlarms(acked).some((a) => a.code === 'OCCLUSION');
        if (occluded === context.occluded) return acked;
        const { totals, segment } = resegment({ ...acked, occluded }, atMs);
        return { ...acked, occluded, totals, segment };
      }),
      raiseLow: assign(({ context }) => {
        const atMs = now();
        return raiseAlarm(context, 'LOW_RESERVOIR', atMs, `reservoir at ${remainingAt(context, atMs).toFixed(3)} mL`);
      }),
      raiseDry: assign(({ context }) => {
        const atMs = now();
        return raiseAlarm(context, 'DRY', atMs, `flow tapered to near zero at ${remainingAt(context, atMs).toFixed(3)} mL`);
      }),
      raiseDrugOverdue: assign(({ context }) => {
        const days = context.lastFill?.drugDays ?? 0;
        return raiseAlarm(context, 'DRUG_PHASE_OVERDUE', now(), `drug phase planned for ${days} days has ended without a refill`);
      }),
      logTaper: assign(({ context }) => {
        const atMs = now();
        if (context.log.some((e) => e.type === 'taper' && e.atMs >= (context.lastFill?.atMs ?? 0))) return {};
        return { log: [...context.log, { atMs, type: 'taper', remainingMl: remainingAt(context, atMs) }] };
      }),
      logRefusal: assign(({ context, event, self }) => {
        const atMs = now();
        const reason = refusalReason(context, topStateName(self.getSnapshot().value), event, atMs);
        return { log: [...context.log, { atMs, type: 'refused', event: event.type, reason }] };
      }),
    },
    delays: {
      procedureDone: ({ context }) => delayUntil(context.procedureEndsAtMs ?? now(), now()),
      untilLow: ({ context }) => delayUntil(lowAtMs(context), now()),
      untilTaper: ({ context }) => delayUntil(taperAtMs(context), now()),
      untilDry: ({ context }) => delayUntil(dryAtMs(context), now()),
      untilDrugPhaseEnd: ({ context }) => delayUntil(context.lastFill?.drugPhaseEndsAtMs ?? Infinity, now()),
      untilBolusDone: ({ context }) => delayUntil(context.bolus?.endsAtMs ?? now(), now()),
    },
  }).createMachine({
    id: 'pump',
    initial: 'empty',
    context: ({ input }) => {
      const env = { ...DEFAULT_ENVIRONMENT, ...input.env };
      return {
        profile: input.profile,
        ageStartAtMs: input.ageStartAtMs ?? input.startAtMs,
        env,
        infusate: null,
        segment: { startAtMs: input.startAtMs, startVolumeMl: 0, rateMlPerDay: 0 },
        flowCorrection: 1,
        measuredFlowMlPerDay: null,
        totals: { filledMl: 0, deliveredMl: 0, drainedMl: 0, bolusMl: 0 },
        fillSeq: 0,
        lastFill: null,
        lastDrain: null,
        procedureEndsAtMs: null,
        bolus: null,
        occluded: false,
        drained: false,
        alarms: [],
        log: [],
        patient: { weightKg: input.weightKg ?? null },
      };
    },
    on: {
      // Reached only when the active state did not take the event: log why, change nothing else.
      FILL: { actions: 'logRefusal' },
      DRAIN: { actions: 'logRefusal' },
      BOLUS: { actions: 'logRefusal' },
      ENV: { actions: 'applyEnvironment' },
      FAULT: { actions: 'recordFault' },
      ACK: [{ guard: 'hasMatchingAlarm', actions: 'acknowledgeAlarms' }, { actions: 'logRefusal' }],
    },
    states: {
      empty: {
        on: { FILL: { guard: 'canFill', target: 'filling', actions: 'recordFill' } },
      },
      filling: {
        after: { procedureDone: 'infusing' },
        on: { REPLAN: { target: 'filling', reenter: true } },
      },
      infusing: {
        type: 'parallel',
        on: {
          ENV: { target: 'infusing', reenter: true, actions: 'applyEnvironment' },
          FAULT: { target: 'infusing', reenter: true, actions: 'recordFault' },
          ACK: [{ guard: 'hasMatchingAlarm', target: 'infusing', reenter: true, actions: 'acknowledgeAlarms' }, { actions: 'logRefusal' }],
          DRAIN: { guard: 'canDrain', target: 'refilling', actions: 'recordDrain' },
          REPLAN: { target: 'infusing', reenter: true },
        },
        states: {
          reservoir: {
            initial: 'route',
            states: {
              route: {
                always: [
                  { guard: 'isDryNow', target: '#pump.depleted', actions: ['raiseLow', 'logTaper', 'raiseDry'] },
                  { guard: 'isTaperingNow', target: 'tapering', actions: ['raiseLow', 'logTaper'] },
                  { guard: 'isLowNow', target: 'low', actions: 'raiseLow' },
                  { target: 'normal' },
                ],
              },
              normal: { after: { untilLow: { target: 'low', actions: 'raiseLow' } } },
              low: { after: { untilTaper: { target: 'tapering', actions: 'logTaper' } } },
              tapering: { after: { untilDry: { target: '#pump.depleted', actions: 'raiseDry' } } },
            },
          },
          phase: {
            initial: 'route',
            states: {
              route: {
                always: [
                  { guard: 'isDrugPhaseOver', target: 'drugOverdue', actions: 'raiseDrugOverdue' },
                  { guard: 'isDrugPhase', target: 'drug' },
                  { target: 'maintenance' },
                ],
              },
              drug: { after: { untilDrugPhaseEnd: { target: 'drugOverdue', actions: 'raiseDrugOverdue' } } },
              drugOverdue: {},
              maintenance: {},
            },
          },
          sidePort: {
            initial: 'route',
            states: {
              // A bolus cut short by leaving infusing is closed here, so it never blocks the next one.
              route: { always: [{ guard: 'isBolusInProgress', target: 'bolusing' }, { target: 'idle', actions: 'finishBolus' }] },
              idle: { on: { BOLUS: { guard: 'canBolus', target: 'bolusing', actions: 'recordBolus' } } },
              bolusing: { after: { untilBolusDone: { target: 'idle', actions: 'finishBolus' } } },
            },
          },
          device: {
            initial: 'route',
            states: {
              route: { always: [{ guard: 'hasActiveFault', target: 'fault' }, { target: 'ok' }] },
              ok: {},
              fault: {},
            },
          },
        },
      },
      depleted: {
        on: { DRAIN: { guard: 'canDrain', target: 'refilling', actions: 'recordDrain' } },
      },
      refilling: {
        initial: 'draining',
        states: {
          draining: {
            after: { procedureDone: 'drained' },
            on: { REPLAN: { target: 'draining', reenter: true } },
          },
          drained: {
            on: { FILL: { guard: 'canFill', target: '#pump.filling', actions: 'recordFill' } },
          },
        },
      },
    },
  });
}

export type LifecycleMachine = ReturnType<typeof createLifecycleMachine>;
