// The Elite's information and I/O commands (`ver`, `version`, `metrics`, `status`, `input`,
// `output`) and the emulator's SIM back door (`sim:stall`, `sim:time?`, `sim:time:adv`), which
// the dispatcher turns into `Unknown command` when the device is not an emulator.
import { HARVARD_MESSAGES, argumentError, formatHarvardStatusLine } from '../../../protocols/harvard/index.ts';
import type { HarvardCommand } from '../../../protocols/harvard/index.ts';
import type { Elite11CommandTarget } from './command-target.ts';
import { refused, type Outcome } from './outcome.ts';

/** `metrics` names are padded to this column [C: flowchem's record of a real pump]. */
const METRICS_VALUE_COLUMN = 19;
const FL_PER_NL = 1e6;
const S_PER_MIN = 60;
const MS_PER_S = 1000;

function metrics(fw: Elite11CommandTarget): string[] {
  const { model, limits } = fw.options;
  const range = limits.diameterRangeMm;
  const sizes: Array<readonly [string, string]> =
    range === undefined
      ? []
      : [
          ['Min syringe size', `${range.min} mm`],
          ['Max syringe size', `${range.max} mm`],
        ];
  return [...model.metricsHead, ...sizes, ...model.metricsTail].map(([name, value]) => `${name.padEnd(METRICS_VALUE_COLUMN - 1)} ${value}`);
}

function status(fw: Elite11CommandTarget): string {
  const { motion, state } = fw;
  const direction = motion.direction ?? state.direction;
  const form = fw.options.model.status;
  return formatHarvardStatusLine(
    {
      rateFlPerS: (motion.nlPerMin * FL_PER_NL) / S_PER_MIN,
      time: (motion.timeMs(direction) * form.timeTicksPerS) / MS_PER_S,
      volumeFl: motion.volumeNl(direction) * FL_PER_NL,
      direction,
      motorRunning: motion.moving,
      limit: null,
      stalled: fw.stalled,
      triggered: false,
      directionPort: 'infuse',
      targetReached: fw.targetReached,
    },
    form,
  );
}

export function executeInfoCommand(fw: Elite11CommandTarget, c: HarvardCommand, now: number): Outcome {
  const { model } = fw.options;
  const s = fw.state;
  switch (c.cmd) {
    case 'ver':
      return { lines: [` ${model.verPrefix} ${model.firmware}`] };
    case 'version':
      // [M] three lines, spacing as the reference quotes the manual.
      return { lines: [`Firmware:     v${model.firmware}`, `RTOS:       ${model.rtos}`, `Pump address: ${s.address}`] };
    case 'metrics':
      return { lines: metrics(fw) };
    case 'status':
      return { lines: [status(fw)] };
    case 'input':
      // The emulator's trigger input is not wired: always low.
      return { lines: ['The trigger input is low.'] };
    case 'output': {
      if (c.port > model.outputPorts) return refused(argumentError(String(c.port), HARVARD_MESSAGES.outOfRange));
      const others = s.outputsHigh.filter((p) => p !== c.port);
      s.outputsHigh = c.high ? [...others, c.port].sort((a, b) => a - b) : others;
      fw.ctx.markDirty();
      return {};
    }
    case 'sim:stall':
      fw.injectStall();
      fw.advanceTo(now);
      return {};
    case 'sim:time?':
      return { lines: [String(fw.ctx.sim?.world.nowMs() ?? 0)] };
    case 'sim:time:adv': {
      fw.ctx.sim?.world.advance(c.ms);
      // What happens on the way (a target met) is in the prompt of this reply.
      fw.advanceTo(fw.ctx.nowMs());
      fw.ctx.markDirty();
      return {};
    }
    default:
      // Every command is handled by one of the three tables; this keeps the switch total.
      return refused(argumentError(undefined, HARVARD_MESSAGES.invalid));
  }
}
