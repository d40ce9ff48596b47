// The Pumping Program interpreter: from the phase the program is at, walk the control phases
// (jumps, loop starts and ends) to the next thing that takes time (pump a volume, pause) or
// ends the program. Pure: the firmware owns the motor and the clock.
//
// Semantics, as the manual's command summary names the functions (`RAT` pumping rate, `INC`/
// `DEC` increment/decrement rate, `STP` stop pump, `JMP nn` jump to phase, `LPS` loop starting
// phase, `LPE` loop end phase, `LOP nn` loop to previous loop start nn times, `PAS nn` pause nn
// seconds), with these readings of our own, marked [?] in CONFORMANCE.md:
// - INC/DEC add/subtract this phase's rate to/from the rate the previous pumping phase ran at,
//   then pump this phase's volume; no previous rate, or a result <= 0, is a program error (E).
// - LOP nn jumps back to the loop start nn times (the body runs nn + 1 times); LPE jumps back
//   for ever. Without an LPS the loop starts at phase 1. Loops nest 3 deep; deeper is E.
// - A direction of STK continues the previous pumping phase's direction (infuse for the first).
// - Running past phase 41 is "phase out of range" (O).
// - A chain of control phases that never reaches one that takes time (e.g. `LPS`, `LPE` with
//   nothing between) is a program error (E) rather than a hang.
import {
  NE_MAX_PHASE,
  rateToMlPerMin,
  mlPerMinToRate,
  volumeToMl,
  type NeRateUnits,
  type NeVolumeUnits,
} from '../../../protocols/newera/index.ts';
import type { Phase } from './state.ts';

export const MAX_LOOP_DEPTH = 3;
/** Control phases walked without reaching one that takes time before giving up with alarm E. */
const MAX_CONTROL_STEPS = 4 * NE_MAX_PHASE * (MAX_LOOP_DEPTH + 1);

export interface LoopFrame {
  /** First phase of the loop body (the phase after LPS, or 1). */
  readonly startPhase: number;
  /** Jumps back still to do for a LOP end; undefined until its LOP is first reached. */
  remaining: number | undefined;
}

/** Where a running program is, and what the last pumping phase did (INC/DEC and STK need it). */
export interface ProgramCursor {
  phase: number;
  loops: LoopFrame[];
  lastMlPerMin: number | undefined;
  lastDirection: 'INF' | 'WDR';
}

export type ProgramStep =
  | {
      readonly kind: 'pump';
      readonly phase: number;
      readonly direction: 'INF' | 'WDR';
      readonly mlPerMin: number;
      /** The rate as the pump shows it, in the phase's units. */
      readonly rate: number;
      readonly rateUnits: NeRateUnits;
      /** 0 = continuous. */
      readonly volumeMl: number;
    }
  | { readonly kind: 'pause'; readonly phase: number; readonly ms: number }
  | { readonly kind: 'stop'; readonly phase: number }
  | { readonly kind: 'alarm'; readonly phase: number; readonly alarm: 'E' | 'O' };

export function startCursor(phase: number): ProgramCursor {
  return { phase, loops: [], lastMlPerMin: undefined, lastDirection: 'INF' };
}

export interface ProgramContext {
  readonly volumeUnits: NeVolumeUnits;
  /** The rate is within the syringe's limits. */
  inRange(mlPerMin: number): boolean;
}

/**
 * The next step from `cursor.phase` on (the cursor is moved past control phases, and left on
 * the phase of the returned step). Call again with `cursor.phase + 1` when that step is done.
 */
export function nextStep(program: readonly Phase[], cursor: ProgramCursor, ctx: ProgramContext): ProgramStep {
  for (let steps = 0; steps < MAX_CONTROL_STEPS; steps++) {
    if (cursor.phase < 1 || cursor.phase > NE_MAX_PHASE) return { kind: 'alarm', phase: NE_MAX_PHASE, alarm: 'O' };
    const p = program[cursor.phase - 1];
    if (p === undefined) return { kind: 'alarm', phase: cursor.phase, alarm: 'O' };
    const fn = p.fn;
    switch (fn.name) {
      case 'RAT':
      case 'INC':
      case 'DEC': {
        const own = rateToMlPerMin(p.rate, p.rateUnits);
        let mlPerMin = own;
        if (fn.name !== 'RAT') {
          if (cursor.lastMlPerMin === undefined) return { kind: 'alarm', phase: cursor.phase, alarm: 'E' };
          mlPerMin = fn.name === 'INC' ? cursor.lastMlPerMin + own : cursor.lastMlPerMin - own;
        }
        if (!(mlPerMin > 0) || !ctx.inRange(mlPerMin)) return { kind: 'alarm', phase: cursor.phase, alarm: 'E' };
        const direction = p.direction === 'STK' ? cursor.lastDirection : p.direction;
        cursor.lastMlPerMin = mlPerMin;
        cursor.lastDirection = direction;
        return {
          kind: 'pump',
          phase: cursor.phase,
          direction,
          mlPerMin,
          rate: mlPerMinToRate(mlPerMin, p.rateUnits),
          rateUnits: p.rateUnits,
          volumeMl: volumeToMl(p.volume, ctx.volumeUnits),
        };
      }
      case 'PAS':
        return { kind: 'pause', phase: cursor.phase, ms: Math.round(fn.arg * 1000) };
      case 'STP':
        return { kind: 'stop', phase: cursor.phase };
      case 'JMP':
        cursor.phase = fn.arg;
        break;
      case 'LPS':
        if (cursor.loops.length >= MAX_LOOP_DEPTH) return { kind: 'alarm', phase: cursor.phase, alarm: 'E' };
        cursor.loops.push({ startPhase: cursor.phase + 1, remaining: undefined });
        cursor.phase += 1;
        break;
      case 'LPE':
        cursor.phase = loopFrame(cursor).startPhase;
        break;
      case 'LOP': {
        const frame = loopFrame(cursor);
        const remaining = frame.remaining ?? fn.arg;
        if (remaining > 0) {
          frame.remaining = remaining - 1;
          cursor.phase = frame.startPhase;
        } else {
          cursor.loops.pop();
          cursor.phase += 1;
        }
        break;
      }
      default:
        // Functions the emulator refuses to store (they need the TTL connector) cannot be here;
        // an NVM image written elsewhere could still hold one.
        return { kind: 'alarm', phase: cursor.phase, alarm: 'E' };
    }
  }
  return { kind: 'alarm', phase: cursor.phase, alarm: 'E' };
}

/** The innermost open loop; a loop end with no LPS before it loops from phase 1. */
function loopFrame(cursor: ProgramCursor): LoopFrame {
  const open = cursor.loops[cursor.loops.length - 1];
  if (open !== undefined) return open;
  const frame: LoopFrame = { startPhase: 1, remaining: undefined };
  cursor.loops.push(frame);
  return frame;
}
