/**
 * The `haipump` program and the one place its exit codes are decided: every run ends here, as
 * one line on stderr for an error and a code from the table in exit-codes.ts.
 */
import { readFileSync } from 'node:fs';
import { Command, type CommanderError } from 'commander';
import { packagePath } from '../files/package-root.ts';
import { describeError } from '../model/errors.ts';
import { registerCommands } from './commands/index.ts';
import { errorKind, EXIT_CODES_HELP, exitCodeOf } from './exit-codes.ts';
import { withRun, type CliIo } from './io.ts';
import { NOT_FOR_CLINICAL_USE } from './notice.ts';

/** The version in package.json (`haipump --version`). Checked by hand: `--help` loads no zod. */
export function packageVersion(): string {
  const parsed: unknown = JSON.parse(readFileSync(packagePath('package.json'), 'utf8'));
  const version = typeof parsed === 'object' && parsed !== null && 'version' in parsed ? parsed.version : undefined;
  if (typeof version !== 'string' || version === '') throw new Error(`${packagePath('package.json')}: no version`);
  return version;
}

/** A commander usage error, with the top-level command it happened in (remind has its own codes). */
class CommandUsageError extends Error {
  constructor(
    readonly commanderError: CommanderError,
    readonly command: string | undefined,
  ) {
    super(commanderError.message);
  }
}

/** The top-level command name of `command` (`pump` for `pump add`), undefined for the program itself. */
function topLevelName(command: Command): string | undefined {
  let current = command;
  while (current.parent?.parent) current = current.parent;
  return current.parent === null ? undefined : current.name();
}

function eachCommand(command: Command, visit: (command: Command) => void): void {
  visit(command);
  for (const sub of command.commands) eachCommand(sub, visit);
}

/**
 * The commands `argv` runs, to load before parsing: the first word (`haipump fill P1 ...`), or the
 * one after `help`. None for `haipump --help` or `--version`: the help needs only the names.
 */
export function commandsIn(argv: readonly string[]): string[] {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const first = words[0];
  if (first === undefined) return [];
  return first === 'help' ? words.slice(1, 2) : [first];
}

/**
 * Builds the program with the commands in `load` complete ('all': every one); output goes to `io`
 * (commander's own help and errors included).
 */
export async function buildProgram(
  io: CliIo,
  load: 'all' | readonly string[] = 'all',
): Promise<{ program: Command; actionCommand: () => string | undefined }> {
  let actionCommand: string | undefined;
  const program = new Command('haipump')
    .description(`Toolkit for the implantable hepatic artery infusion (HAI) pump.\n${NOT_FOR_CLINICAL_USE}`)
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError(false)
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      // Printed by runCli, on one line, like every other error.
      outputError: () => undefined,
    })
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n`);
  await registerCommands(program, load);
  eachCommand(program, (command) => {
    const name = topLevelName(command);
    command.exitOverride((error) => {
      throw new CommandUsageError(error, name);
    });
  });
  program.hook('preAction', (_root, action) => {
    actionCommand = topLevelName(action);
  });
  return { program, actionCommand: () => actionCommand };
}

/** Commander's message on one line: `unknown option '--bogus' (did you mean --bogu?)`. */
function commanderLine(error: CommanderError): string {
  return error.message
    .replace(/^error: /, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ')
    .replace(/\(Did you mean/, '(did you mean');
}

/**
 * Runs the CLI on `argv` (the user's arguments, without node and the script) and returns the exit
 * code; never calls process.exit. bin/haipump.js sets process.exitCode from it.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const { program, actionCommand } = await buildProgram(io, commandsIn(argv));
  try {
    const { outcome } = await withRun(io, () => program.parseAsync([...argv], { from: 'user' }));
    return exitCodeOf(outcome, actionCommand());
  } catch (error) {
    if (error instanceof CommandUsageError) {
      // --help and --version come here too, with exit code 0.
      if (error.commanderError.exitCode === 0) return 0;
      // `haipump` alone, or `haipump pump`: commander has printed the help on stderr already.
      if (error.commanderError.code === 'commander.help') return exitCodeOf('usage', error.command);
      io.stderr.write(`haipump: ${commanderLine(error.commanderError)}\n`);
      return exitCodeOf('usage', error.command);
    }
    io.stderr.write(`haipump: ${describeError(error)}\n`);
    return exitCodeOf(errorKind(error), actionCommand());
  }
}
