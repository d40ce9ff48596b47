import type { Command } from 'commander';
import { register as simulate } from './simulate.ts';
import { register as flow } from './flow.ts';
import { register as dose } from './dose.ts';
import { register as trumpet } from './trumpet.ts';
import { register as sim } from './sim.ts';
import { register as ports } from './ports.ts';
import { register as hil } from './hil.ts';
import { register as check } from './check.ts';
import { register as run } from './run.ts';
import { register as accuracy } from './accuracy.ts';
import { register as runs } from './runs.ts';
import { register as pump } from './pump.ts';
import { register as fill } from './fill.ts';
import { register as refill } from './refill.ts';
import { register as remind } from './remind.ts';
import { register as labs } from './labs.ts';
import { register as db } from './db.ts';

/** Each command lives in its own file and exports `register(program)`; list them here. */
export function registerCommands(program: Command): void {
  for (const register of [simulate, flow, dose, db, pump, fill, refill, remind, labs, sim, ports, run, check, accuracy, trumpet, runs, hil]) register(program);
}
