import { Command, CommanderError } from 'commander';
import { CliError, NOT_FOR_CLINICAL_USE } from './shared.ts';
import { registerCommands } from './commands/index.ts';

const program = new Command('haipump')
  .description(`Toolkit for the implantable hepatic artery infusion (HAI) pump.\n${NOT_FOR_CLINICAL_USE}`)
  .showHelpAfterError(false)
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version land here with exit code 0.
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
