// The Elite's command handlers: what each command does and what it prints (protocols/harvard
// CONFORMANCE.md has the manual's forms). Motion and volume/time commands are here; settings
// and information commands in their own files. A handler returns the body lines or an error;
// the firmware adds the address prefixes and the prompt.
import {
  HARVARD_COMMANDS,
  HARVARD_MESSAGES,
  HARVARD_RAMP_NOT_SET,
  HARVARD_TARGET_TIME_NOT_SET,
  HARVARD_TARGET_VOLUME_NOT_SET,
  argumentError,
  commandError,
  formatHarvardRate,
  formatHarvardReplyNumber,
  formatHarvardVolume,
  harvardRateQuantity,
  harvardRateToMlPerMin,
  harvardVolumeQuantity,
  harvardVolumeToMl,
} from '../../../protocols/harvard/index.ts';
import type { HarvardCommand, HarvardRate, HarvardRateArg } from '../../../protocols/harvard/index.ts';
import { NL_PER_ML, type PlungerDirection } from '../ne1000/plunger.ts';
import { executeInfoCommand } from './commands-info.ts';
import { executeSettingsCommand } from './commands-settings.ts';
import type { Elite11CommandTarget } from './command-target.ts';
import { notWhileRunning, refused, type Outcome } from './outcome.ts';

export type { Outcome } from './outcome.ts';

const MS_PER_S = 1000;

/** The manual's clear commands: which counter each clears, on which sides (`c…` both). */
const CLEARS = {
  civolume: { counter: 'volume', sides: ['infuse'] },
  cwvolume: { counter: 'volume', sides: ['withdraw'] },
  cvolume: { counter: 'volume', sides: ['infuse', 'withdraw'] },
  citime: { counter: 'time', sides: ['infuse'] },
  cwtime: { counter: 'time', sides: ['withdraw'] },
  ctime: { counter: 'time', sides: ['infuse', 'withdraw'] },
} as const satisfies Record<string, { counter: 'volume' | 'time'; sides: readonly PlungerDirection[] }>;

function rateOf(fw: Elite11CommandTarget, direction: PlungerDirection): HarvardRate {
  return direction === 'infuse' ? fw.state.infuseRate : fw.state.withdrawRate;
}

function setRate(fw: Elite11CommandTarget, direction: PlungerDirection, rate: HarvardRate, now: number): void {
  if (direction === 'infuse') fw.state.infuseRate = rate;
  else fw.state.withdrawRate = rate;
  if (fw.motion.direction === direction) fw.motion.setRate(harvardRateToMlPerMin(rate.value, rate.units) * NL_PER_ML, now);
  fw.ctx.markDirty();
}

function rateCommand(
  fw: Elite11CommandTarget,
  direction: PlungerDirection,
  arg: HarvardRateArg | undefined,
  args: readonly string[],
  now: number,
): Outcome {
  if (arg === undefined) return { lines: [formatHarvardRate(rateOf(fw, direction))] };
  const { minMlPerMin, maxMlPerMin } = fw.rateLimits();
  switch (arg.kind) {
    case 'lim':
      return {
        lines: [`${formatHarvardRate(harvardRateQuantity(minMlPerMin))} to ${formatHarvardRate(harvardRateQuantity(maxMlPerMin))}`],
      };
    case 'max':
      setRate(fw, direction, harvardRateQuantity(maxMlPerMin), now);
      return {};
    case 'min':
      setRate(fw, direction, harvardRateQuantity(minMlPerMin), now);
      return {};
    case 'rate':
      if (!fw.rateInRange(harvardRateToMlPerMin(arg.value, arg.units))) return refused(argumentError(args[0], HARVARD_MESSAGES.outOfRange));
      setRate(fw, direction, { value: arg.value, units: arg.units }, now);
      return {};
  }
}

function run(fw: Elite11CommandTarget, direction: PlungerDirection, now: number): Outcome {
  const rate = rateOf(fw, direction);
  const mlPerMin = harvardRateToMlPerMin(rate.value, rate.units);
  // The rate was in range when set; a later diameter change can put it out [?].
  if (!fw.rateInRange(mlPerMin)) return refused(commandError(HARVARD_MESSAGES.outOfRange));
  const s = fw.state;
  fw.clearRunFlags();
  s.direction = direction;
  const volumeNl =
    s.targetVolume === null ? undefined : Math.round(harvardVolumeToMl(s.targetVolume.value, s.targetVolume.units) * NL_PER_ML);
  const timeMs = s.targetTimeMs ?? undefined;
  fw.ctx.markDirty();
  if (
    (volumeNl !== undefined && fw.motion.volumeNl(direction) >= volumeNl) ||
    (timeMs !== undefined && fw.motion.timeMs(direction) >= timeMs)
  ) {
    // [?] Already at a target: the pump does not move and says so.
    fw.motion.stop(now);
    fw.targetReached = true;
    return {};
  }
  fw.motion.start(direction, mlPerMin * NL_PER_ML, now, { volumeNl, timeMs });
  return {};
}

function seconds(ms: number): string {
  return `${formatHarvardReplyNumber(ms / MS_PER_S)} seconds`;
}

const other = (d: PlungerDirection): PlungerDirection => (d === 'infuse' ? 'withdraw' : 'infuse');

function executeMotionCommand(fw: Elite11CommandTarget, c: HarvardCommand, args: readonly string[], now: number): Outcome | undefined {
  const s = fw.state;
  const motion = fw.motion;
  switch (c.cmd) {
    case 'irate':
      return rateCommand(fw, 'infuse', c.arg, args, now);
    case 'wrate':
      return rateCommand(fw, 'withdraw', c.arg, args, now);
    case 'iramp':
    case 'wramp':
      // [?] Ramps are answered "not set up"; running one is not emulated.
      return c.ramp === undefined ? { lines: [HARVARD_RAMP_NOT_SET] } : refused(commandError(HARVARD_MESSAGES.notEmulated));
    case 'irun':
      return run(fw, 'infuse', now);
    case 'wrun':
      return run(fw, 'withdraw', now);
    case 'run':
      return run(fw, s.direction, now);
    case 'rrun':
      return run(fw, other(s.direction), now);
    case 'stp':
    case 'stop':
      motion.stop(now);
      fw.clearRunFlags();
      fw.ctx.markDirty();
      return {};
    case 'crate': {
      const dir = motion.direction;
      // [M] Printed only while running.
      if (dir === undefined) return {};
      return { lines: [`${dir === 'infuse' ? 'Infusing' : 'Withdrawing'} at ${formatHarvardRate(rateOf(fw, dir))}`] };
    }
    case 'tvolume':
      if (c.volume === undefined)
        return { lines: [s.targetVolume === null ? HARVARD_TARGET_VOLUME_NOT_SET : ` ${formatHarvardVolume(s.targetVolume)}`] };
      if (motion.moving) return notWhileRunning;
      if (
        harvardVolumeToMl(c.volume.value, c.volume.units) >
        harvardVolumeToMl(s.syringeVolume.value, s.syringeVolume.units) * (1 + 1e-9)
      ) {
        // [C] A target above the syringe volume is an argument error (flowchem warns on it).
        return refused(argumentError(args[0], HARVARD_MESSAGES.outOfRange));
      }
      s.targetVolume = c.volume.value === 0 ? null : c.volume;
      fw.ctx.markDirty();
      return {};
    case 'ivolume':
      return { lines: [formatHarvardVolume(harvardVolumeQuantity(s.infusedNl / NL_PER_ML))] };
    case 'wvolume':
      return { lines: [formatHarvardVolume(harvardVolumeQuantity(s.withdrawnNl / NL_PER_ML))] };
    case 'itime':
      return { lines: [seconds(s.infusedTimeMs)] };
    case 'wtime':
      return { lines: [seconds(s.withdrawnTimeMs)] };
    case 'ttime':
      if (c.seconds === undefined) return { lines: [s.targetTimeMs === null ? HARVARD_TARGET_TIME_NOT_SET : seconds(s.targetTimeMs)] };
      if (motion.moving) return notWhileRunning;
      s.targetTimeMs = c.seconds === 0 ? null : Math.round(c.seconds * MS_PER_S);
      fw.ctx.markDirty();
      return {};
    case 'civolume':
    case 'cwvolume':
    case 'cvolume':
    case 'citime':
    case 'cwtime':
    case 'ctime': {
      const { counter, sides } = CLEARS[c.cmd];
      for (const side of sides) {
        if (counter === 'volume') motion.clearVolume(side, now);
        else motion.clearTime(side, now);
      }
      fw.ctx.markDirty();
      return {};
    }
    case 'ctvolume':
    case 'cttime':
      if (c.cmd === 'ctvolume') s.targetVolume = null;
      else s.targetTimeMs = null;
      fw.targetReached = false;
      fw.ctx.markDirty();
      return {};
    default:
      return undefined;
  }
}

/** Runs one parsed command. Commands the model lacks, and the SIM back door on a real pump, are unknown. */
export function executeElite11Command(fw: Elite11CommandTarget, c: HarvardCommand, args: readonly string[], now: number): Outcome {
  const spec = HARVARD_COMMANDS.find((s) => s.name === c.cmd);
  const lacksWithdraw = spec !== undefined && 'withdraw' in spec && !fw.options.model.withdraw;
  const simOnly = spec !== undefined && 'emulatorOnly' in spec && fw.ctx.sim === undefined;
  if (lacksWithdraw || simOnly) return refused(commandError(HARVARD_MESSAGES.unknownCommand));
  return executeMotionCommand(fw, c, args, now) ?? executeSettingsCommand(fw, c, args, now) ?? executeInfoCommand(fw, c, now);
}
