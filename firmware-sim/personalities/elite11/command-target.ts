// What the Elite's command handlers (commands*.ts) may use of the firmware. The firmware
// implements it; the handlers depend on this, not on the firmware class, so the two do not
// import each other.
import type { HarvardBaud, HarvardBuiltInSyringe, HarvardModel } from '../../../protocols/harvard/index.ts';
import type { LinearSpeedLimits } from '../../../protocols/newera/index.ts';
import type { AppContext } from '../../app/personality.ts';
import type { Elite11Motion } from './motion.ts';
import type { Elite11State } from './state.ts';

export interface Elite11Limits extends LinearSpeedLimits {
  readonly diameterRangeMm?: { readonly min: number; readonly max: number };
}

export interface Elite11CommandTarget {
  readonly state: Elite11State;
  readonly motion: Elite11Motion;
  readonly ctx: Pick<AppContext, 'nowMs' | 'markDirty' | 'commit' | 'sim'>;
  readonly options: {
    readonly limits: Elite11Limits;
    readonly model: HarvardModel;
    readonly syringes: readonly HarvardBuiltInSyringe[];
    setBaud(baud: HarvardBaud): void;
  };
  /** The motor stalled (`*` until the next run or stop). */
  readonly stalled: boolean;
  /** A target stopped the last run (`T*` until the next run or stop). */
  targetReached: boolean;
  rateLimits(): { minMlPerMin: number; maxMlPerMin: number };
  rateInRange(mlPerMin: number): boolean;
  clearRunFlags(): void;
  /** Brings the motion up to device time `nowMs`. */
  advanceTo(nowMs: number): void;
  /** The motor stalls as soon as it runs (`sim:stall`). */
  injectStall(): void;
}
