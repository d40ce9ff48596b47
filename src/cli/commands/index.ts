import type { Command } from 'commander';

/** Each command lives in its own file and exports `register(program)`; list them here. */
export function registerCommands(program: Command): void {
  void program;
}
