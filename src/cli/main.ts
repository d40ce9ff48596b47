import { Command } from 'commander';
import { NOT_FOR_CLINICAL_USE } from './shared.ts';
import { registerCommands } from './commands/index.ts';
import { runProgram } from './program.ts';

const program = new Command('haipump')
  .description(`Toolkit for the implantable hepatic artery infusion (HAI) pump.\n${NOT_FOR_CLINICAL_USE}`)
  .showHelpAfterError(false)
  // Commander's own usage errors read like ours: `haipump: <reason>` on one line.
  .configureOutput({ outputError: (text, write) => write(`haipump: ${text.replace(/^error: /, '')}`) })
  .exitOverride();

registerCommands(program);
await runProgram(program);
