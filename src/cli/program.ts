import { CommanderError, type Command } from 'commander';
import { CliError } from './shared.ts';

/**
 * Parses argv with a built program and turns every failure into one line on stderr and an exit
 * code: commander's own (usage, --help), a CliError's, or 1.
 */
export async function runProgram(program: Command, argv: readonly string[] = process.argv): Promise<void> {
  try {
    await program.parseAsync([...argv]);
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
}
