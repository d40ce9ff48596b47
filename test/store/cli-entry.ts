/**
 * A real `haipump` process with only the store commands registered, for end-to-end tests before
 * the lead wires them into src/cli/commands/index.ts. Mirrors src/cli/main.ts's error handling.
 * Run: node --import tsx test/store/cli-entry.ts pump add P1 --db FILE
 */
import { Command, CommanderError } from 'commander';
import { CliError } from '../../src/cli/shared.ts';
import { register as pump } from '../../src/cli/commands/pump.ts';
import { register as fill } from '../../src/cli/commands/fill.ts';
import { register as refill } from '../../src/cli/commands/refill.ts';
import { register as remind } from '../../src/cli/commands/remind.ts';
import { register as labs } from '../../src/cli/commands/labs.ts';

const program = new Command('haipump').showHelpAfterError(false).exitOverride();
for (const register of [pump, fill, refill, remind, labs]) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof CliError) {
    process.stderr.write(`haipump: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`haipump: ${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
}
