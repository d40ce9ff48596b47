import type { Command } from 'commander';
import { register as simulate } from './simulate.ts';
import { register as flow } from './flow.ts';
import { register as dose } from './dose.ts';
import { register as trumpet } from './trumpet.ts';
import { register as sim } from './sim.ts';
import { register as ports } from './ports.ts';

/** Each command lives in its own file and exports `register(program)`; list them here. */
export function registerCommands(program: Command): void {
  for (const register of [simulate, flow, dose, sim, ports, trumpet]) register(program);
}
