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
 * re-entry (environment change, acknowledged fault, restore) re-plans them exactly. What each
 * action does to the context is in updates.ts; refusal reasons are in refusals.ts.
 */
import { assign, setup } from 'xstate';
import { dryVolumeMl } from '../model/index.ts';
import type { Clock } from '../model/clock.ts';
import {
  VOLUME_EPSILON_ML,
  activeAlarms,
  delayUntil,
  dryAtMs,
  hasActiveAlarm,
  hasActiveFault,
  lowAtMs,
  remainingAt,
  taperAtMs,
} from './accounting.ts';
import { recipeFor, topStateName } from './refusals.ts';
import {
  acknowledgeUpdate,
  bolusUpdate,
  drainUpdate,
  drugOverdueUpdate,
  dryUpdate,
  environmentUpdate,
  faultUpdate,
  fillUpdate,
  finishBolusUpdate,
  lowReservoirUpdate,
  refusalUpdate,
  taperUpdate,
} from './updates.ts';
import type { LifecycleContext, LifecycleEvent, LifecycleInput } from './types.ts';

export interface LifecycleDeps {
  clock: Pick<Clock, 'now'>;
}

export const DEFAULT_ENVIRONMENT = { tempC: 37, ambientMmHg: 760, arterialMmHg: 95, altitudeM: 0 } as const;

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
        event.type === 'BOLUS' && !hasActiveAlarm(context) && context.bolus === null && event.volumeMl <= context.profile.bolus.maxVolumeMl,
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
      recordFill: assign(({ context, event }) => (event.type === 'FILL' ? fillUpdate(context, event, now()) : {})),
      recordDrain: assign(({ context, event }) => (event.type === 'DRAIN' ? drainUpdate(context, event, now()) : {})),
      recordBolus: assign(({ context, event }) => (event.type === 'BOLUS' ? bolusUpdate(context, event, now()) : {})),
      finishBolus: assign(({ context }) => finishBolusUpdate(context, now())),
      applyEnvironment: assign(({ context, event }) => (event.type === 'ENV' ? environmentUpdate(context, event, now()) : {})),
      recordFault: assign(({ context, event }) => (event.type === 'FAULT' ? faultUpdate(context, event, now()) : {})),
      acknowledgeAlarms: assign(({ context, event }) => (event.type === 'ACK' ? acknowledgeUpdate(context, event, now()) : {})),
      raiseLow: assign(({ context }) => lowReservoirUpdate(context, now())),
      raiseDry: assign(({ context }) => dryUpdate(context, now())),
      raiseDrugOverdue: assign(({ context }) => drugOverdueUpdate(context, now())),
      logTaper: assign(({ context }) => taperUpdate(context, now())),
      logRefusal: assign(({ context, event, self }) => refusalUpdate(context, topStateName(self.getSnapshot().value), event, now())),
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
              route: {
                always: [
                  { guard: 'isBolusInProgress', target: 'bolusing' },
                  { target: 'idle', actions: 'finishBolus' },
                ],
              },
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
