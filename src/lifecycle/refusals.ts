/**
 * Why the lifecycle refuses a command, in words for its log, and the drug recipe a fill needs
 * (whose failure is one such reason).
 */
import { computeRecipe, DosingError } from '../model/index.ts';
import { VOLUME_EPSILON_ML, activeAlarms, remainingAt } from './accounting.ts';
import type { FillEvent, LifecycleContext, LifecycleEvent } from './types.ts';

export type RecipeOutcome = { ok: true; fudrMg: number | null; flowMlPerDay: number | null } | { ok: false; reason: string };

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
      if (!['empty', 'refilling.drained'].includes(stateName))
        return `a fill needs an empty or drained reservoir (state ${stateName}); drain first`;
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
      if (event.volumeMl > ctx.profile.bolus.maxVolumeMl)
        return `bolus ${event.volumeMl} mL exceeds the ${ctx.profile.bolus.maxVolumeMl} mL limit`;
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
