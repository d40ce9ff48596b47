/**
 * Every command, by name, with what `haipump --help` says of it. A command's flags and action live
 * in its own module, loaded only when that command runs: `haipump remind` does not load the
 * emulator, the accuracy analysis or the lifecycle machine, and `haipump --help` loads none of
 * them. A module exports `configure(command)`, which adds the flags, sub-commands and action.
 */
import type { Command } from 'commander';

export interface CommandModule {
  configure(command: Command): void;
}

export interface CommandEntry {
  /** `fill <pump>`: the name, then its arguments as commander writes them. */
  readonly usage: string;
  readonly description: string;
  load(): Promise<CommandModule>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    usage: 'simulate',
    description: 'run the pump lifecycle in virtual time on a scenario (default: the built-in tour) and print the timeline',
    load: () => import('./simulate.ts'),
  },
  {
    usage: 'flow',
    description: 'the model flow under given conditions (defaults: the profile calibration conditions)',
    load: () => import('./flow.ts'),
  },
  {
    usage: 'dose',
    description:
      'the FUDR pump-fill recipe: FUDR (mg) = dose × weight × reservoir / flow, plus dexamethasone and heparin, saline to volume',
    load: () => import('./dose.ts'),
  },
  { usage: 'db', description: 'the refill-schedule database file', load: () => import('./db.ts') },
  { usage: 'pump', description: 'pumps in the refill-schedule store: add, list, show', load: () => import('./pump.ts') },
  {
    usage: 'fill <pump>',
    description:
      'record a fill (the pump must be empty or drained); a fudr fill with a dose and weight stores its recipe, computed from the measured flow',
    load: () => import('./fill.ts'),
  },
  {
    usage: 'refill <pump>',
    description:
      'record a drain: the returned volume gives the measured flow, compared with the prediction; with --infusate and --volume-ml also the new fill, in the same transaction',
    load: () => import('./refill.ts'),
  },
  {
    usage: 'remind',
    description:
      'due, overdue and upcoming refills with their reasons, and drift flags; exit 0 nothing due, 1 due within the window, 2 overdue, 3 error',
    load: () => import('./remind.ts'),
  },
  {
    usage: 'labs <pump>',
    description:
      'record liver tests; the next fudr fill with a dose compares them with the tests at the last drug fill and reduces or holds the dose',
    load: () => import('./labs.ts'),
  },
  { usage: 'sim', description: 'run one emulated device on a serial line (a pty pair with --pty)', load: () => import('./sim.ts') },
  { usage: 'ports', description: 'list serial ports (works without udev tools)', load: () => import('./ports.ts') },
  {
    usage: 'run',
    description: 'drive a device through a lifecycle scenario and compare it with the model',
    load: () => import('./run.ts'),
  },
  {
    usage: 'check',
    description: 'bench smoke test: identify, run a small rate for ~2 s, stop, read the delivered volume',
    load: () => import('./check.ts'),
  },
  {
    usage: 'accuracy',
    description: 'live gravimetric accuracy run: pump into a beaker on a balance (IEC 60601-2-24 style, not compliant)',
    load: () => import('./accuracy.ts'),
  },
  {
    usage: 'trumpet',
    description: 'gravimetric flow accuracy of a recorded run (IEC 60601-2-24 style, not compliant): trumpet curve and overall error',
    load: () => import('./trumpet.ts'),
  },
  { usage: 'runs', description: 'accuracy runs kept in the store', load: () => import('./runs.ts') },
  {
    usage: 'dashboard',
    description:
      'the local web application: lifecycle diagram, live bench runs, stored runs, refill board (loopback, token, read-only by default)',
    load: () => import('./dashboard.ts'),
  },
  {
    usage: 'hil',
    description: 'hardware-in-the-loop: run test scenarios against emulators or a real pump',
    load: () => import('./hil.ts'),
  },
];

export const commandName = (entry: CommandEntry): string => entry.usage.split(' ')[0] ?? entry.usage;

/**
 * Adds every command to `program`: fully (flags and action) for those in `load` ('all' for every
 * one), and by name and description only for the rest, which is all the top-level help needs.
 */
export async function registerCommands(program: Command, load: 'all' | readonly string[]): Promise<void> {
  const wanted = COMMANDS.filter((entry) => load === 'all' || load.includes(commandName(entry)));
  const modules = new Map(await Promise.all(wanted.map(async (entry) => [entry, await entry.load()] as const)));
  for (const entry of COMMANDS) {
    const command = program.command(entry.usage).description(entry.description);
    modules.get(entry)?.configure(command);
  }
}
