// The Elite's settings commands: syringe (`diameter`, `svolume`, `syrm`), `force`, and the
// serial settings (`address`, `baud`, `poll`, `echo`).
import {
  HARVARD_MESSAGES,
  HARVARD_SYRINGE_CODES,
  argumentError,
  formatHarvardVolume,
  harvardVolumeQuantity,
  harvardVolumeToMl,
} from '../../../protocols/harvard/index.ts';
import type { HarvardCommand } from '../../../protocols/harvard/index.ts';
import { notWhileRunning, refused, type Outcome } from './outcome.ts';
import type { Elite11CommandTarget } from './command-target.ts';

const onOff = (on: boolean): string => (on ? 'ON' : 'OFF');

function codeName(code: string | null): string {
  return HARVARD_SYRINGE_CODES.find((c) => c.code === code)?.name ?? 'Custom';
}

function syrm(fw: Elite11CommandTarget, c: Extract<HarvardCommand, { cmd: 'syrm' }>, args: readonly string[]): Outcome {
  const s = fw.state;
  const table = fw.options.syringes;
  const arg = c.arg;
  // [M] ` {manufacturer}, {diameter} mm`; [?] the listing forms of `?` and `{code} ?`.
  if (arg === undefined) return { lines: [` ${codeName(s.syringeCode)}, ${s.diameterMm.toFixed(4)} mm`] };
  if (arg.kind === 'codes') return { lines: HARVARD_SYRINGE_CODES.map((k) => ` ${k.code}  ${k.name}`) };
  if (!HARVARD_SYRINGE_CODES.some((k) => k.code === arg.code)) return refused(argumentError(args[0], HARVARD_MESSAGES.invalid));
  const sizes = table.filter((t) => t.code === arg.code);
  if (arg.kind === 'sizes') return { lines: sizes.map((t) => ` ${formatHarvardVolume(harvardVolumeQuantity(t.volumeMl))}`) };
  const wantMl = harvardVolumeToMl(arg.volume.value, arg.volume.units);
  const found = sizes.find((t) => Math.abs(t.volumeMl - wantMl) <= wantMl * 1e-9);
  if (found === undefined) return refused(argumentError(args[1], HARVARD_MESSAGES.outOfRange));
  if (fw.motion.moving) return notWhileRunning;
  s.syringeCode = found.code;
  s.diameterMm = found.diameterMm;
  s.syringeVolume = arg.volume;
  fw.ctx.markDirty();
  return {};
}

export function executeSettingsCommand(
  fw: Elite11CommandTarget,
  c: HarvardCommand,
  args: readonly string[],
  _now: number,
): Outcome | undefined {
  const s = fw.state;
  switch (c.cmd) {
    case 'diameter': {
      if (c.diameterMm === undefined) return { lines: [`${s.diameterMm.toFixed(4)} mm`] };
      if (fw.motion.moving) return notWhileRunning;
      const range = fw.options.limits.diameterRangeMm;
      if (range !== undefined && (c.diameterMm < range.min || c.diameterMm > range.max))
        return refused(argumentError(args[0], HARVARD_MESSAGES.outOfRange));
      s.diameterMm = c.diameterMm;
      s.syringeCode = null;
      fw.ctx.markDirty();
      return {};
    }
    case 'svolume':
      // [M] `#.#### ul` or `#.#### ml`.
      if (c.volume === undefined) return { lines: [`${s.syringeVolume.value.toFixed(4)} ${s.syringeVolume.units}`] };
      if (c.volume.value <= 0) return refused(argumentError(args[0], HARVARD_MESSAGES.outOfRange));
      s.syringeVolume = c.volume;
      fw.ctx.markDirty();
      return {};
    case 'syrm':
      return syrm(fw, c, args);
    case 'force':
      if (c.percent === undefined) return { lines: [`${s.forcePercent}%`] };
      s.forcePercent = c.percent;
      fw.ctx.markDirty();
      return {};
    case 'address': {
      if (c.address === undefined) return { lines: [`Pump address is ${s.address}`] };
      const next = c.address;
      // [?] The reply comes from the old address; the pump answers to the new one after it.
      return {
        after: () => {
          s.address = next;
          fw.ctx.commit();
        },
      };
    }
    case 'baud': {
      if (c.baud === undefined) return { lines: [`${s.baud} baud`] };
      const next = c.baud;
      if (!fw.options.model.baudRates.includes(next)) return refused(argumentError(args[0], HARVARD_MESSAGES.outOfRange));
      // [?] The reply goes out at the old baud, then the port switches.
      return {
        after: () => {
          s.baud = next;
          fw.ctx.commit();
          fw.options.setBaud(next);
        },
      };
    }
    case 'poll':
      if (c.on === undefined) return { lines: [`Polling mode is ${onOff(s.poll)}`] };
      s.poll = c.on;
      fw.ctx.markDirty();
      return {};
    case 'echo':
      if (c.on === undefined) return { lines: [`Echo is ${onOff(s.echo)}`] };
      s.echo = c.on;
      fw.ctx.markDirty();
      return {};
    default:
      return undefined;
  }
}
