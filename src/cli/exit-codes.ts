/**
 * The one exit-code table of the `haipump` command (README "Exit codes"); src/cli/program.ts is
 * the only place that applies it. Command files say what KIND of outcome they had; they never
 * choose a number.
 *
 * Errors are mapped by kind: an error that extends HaipumpError (src/model/errors.ts) carries its
 * own; the domain errors that predate it are listed below by class name (walking the prototype
 * chain, so subclasses inherit their parent's row). Names, not imports, so this table costs no
 * start-up time; test/cli/exit-codes.test.ts checks every name against the real class.
 */
import { CommanderError } from 'commander';
import { HaipumpError, type ErrorKind } from '../model/errors.ts';

/** What a run of a command came to. */
export type Outcome = 'ok' | ErrorKind;

/** Every command but `remind`. */
export const EXIT_CODES: Readonly<Record<Outcome, number>> = {
  ok: 0,
  wrong: 1,
  usage: 2,
  unreachable: 3,
  failure: 4,
};

/** `remind` keeps the monitoring-plugin convention (Nagios/Icinga) that cron jobs and monitors read. */
export type RemindOutcome = 'ok' | 'due' | 'overdue';
export const REMIND_EXIT_CODES: Readonly<Record<RemindOutcome | 'error', number>> = {
  ok: 0,
  due: 1,
  overdue: 2,
  /** Any error at all, usage errors included ("UNKNOWN" in the plugin convention). */
  error: 3,
};

/** The commands that follow the monitoring-plugin convention instead of EXIT_CODES. */
export const MONITORING_COMMANDS: ReadonlySet<string> = new Set(['remind']);

type KindOf = ErrorKind | ((error: { code?: unknown }) => ErrorKind);

/** Device and balance failure codes (DeviceError.code, BalanceError.code) by kind. */
function deviceKind(error: { code?: unknown }): ErrorKind {
  switch (error.code) {
    case 'silent':
    case 'link':
      return 'unreachable';
    case 'unsupported':
    case 'out-of-range':
    case 'unit':
    case 'parameter':
      return 'usage';
    case 'alarm':
    case 'refused':
    case 'overload':
    case 'underload':
    case 'unstable':
    case 'stall':
      return 'wrong';
    default:
      return 'failure';
  }
}

/** Domain errors that do not extend HaipumpError yet (issue 12 moves them onto it). */
export const KIND_BY_ERROR_CLASS: Readonly<Record<string, KindOf>> = {
  // Usage: the flag, value or file the user gave cannot be used.
  ProfileError: 'usage',
  DosingError: 'usage',
  DrainError: 'usage',
  TimeInputError: 'usage',
  AccuracyError: 'usage',
  HilUnsupportedError: 'usage',
  // The device did not answer, or its port cannot be opened.
  HilSilentDeviceError: 'unreachable',
  TimeoutError: 'unreachable',
  OpenFailedError: 'unreachable',
  LinkLostError: 'unreachable',
  LinkNotOpenError: 'unreachable',
  // Ran, and the result is wrong.
  HilAssertionError: 'wrong',
  HilTimeoutError: 'wrong',
  // By the device's own failure code.
  DeviceError: deviceKind,
  BalanceError: deviceKind,
  // Everything else in these families is a failure (4), as is anything unknown.
  HilDeviceError: 'failure',
  InvalidReplyError: 'failure',
  LinkClosedError: 'failure',
  TransportError: 'failure',
};

/** Class names from the error's own class up to Error. */
function classNames(error: object): string[] {
  const names: string[] = [];
  for (
    let proto: unknown = Object.getPrototypeOf(error);
    proto !== null && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string') names.push(name);
  }
  return names;
}

/** The kind of any thrown value: its own, commander's usage errors, the table, else failure. */
export function errorKind(error: unknown): ErrorKind {
  if (error instanceof HaipumpError) return error.kind;
  if (error instanceof CommanderError) return 'usage';
  if (typeof error === 'object' && error !== null) {
    for (const name of classNames(error)) {
      const row = KIND_BY_ERROR_CLASS[name];
      if (row !== undefined) return typeof row === 'function' ? row(error as { code?: unknown }) : row;
    }
  }
  return 'failure';
}

/** The exit code for an outcome of `command` (its top-level name). */
export function exitCodeOf(outcome: Outcome | RemindOutcome, command: string | undefined): number {
  if (command !== undefined && MONITORING_COMMANDS.has(command)) {
    return outcome === 'ok' || outcome === 'due' || outcome === 'overdue' ? REMIND_EXIT_CODES[outcome] : REMIND_EXIT_CODES.error;
  }
  if (outcome === 'due' || outcome === 'overdue') return EXIT_CODES.wrong;
  return EXIT_CODES[outcome];
}

/** One line for `haipump --help`. */
export const EXIT_CODES_HELP =
  'Exit codes: 0 ran and the result is right, 1 ran and the result is wrong (out of tolerance, deviation, failed step), ' +
  '2 usage (bad flag, file or value), 3 the device did not answer or cannot be reached, 4 any other failure. ' +
  'remind: 0 OK, 1 due, 2 overdue, 3 any error. See README "Exit codes".';
