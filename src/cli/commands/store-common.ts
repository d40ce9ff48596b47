import { CommanderError, type Command } from 'commander';
import { z } from 'zod';
import { checkZone, isoInZone, parseTime, systemZone, TimeInputError } from '../../schedule/index.ts';
import { openStore, resolveDbPath, StoreError, StoreInputError, type Db } from '../../store/index.ts';
import { CliError } from '../shared.ts';

/**
 * Shared by the store commands (pump, fill, refill, remind, labs). Exit codes: 2 = invalid input
 * (bad flag, unknown pump, impossible volume/time), 1 = anything else. `remind` keeps 1/2 for
 * due/overdue and reports every error of its own with 3 (see remind.ts).
 */
export const EXIT_INVALID_INPUT = 2;
export const EXIT_FAILURE = 1;

/** Options every store command takes. */
export const CommonOptionsSchema = z.object({
  db: z.string().min(1).optional(),
  json: z.boolean().default(false),
  tz: z.string().min(1).optional(),
});

export function addCommonOptions(command: Command): Command {
  return command
    .option('--db <file>', 'SQLite database (default: $HAIPUMP_DB, else $XDG_DATA_HOME/haipump/haipump.db)')
    .option('--tz <zone>', 'IANA time zone for entering and showing times (default: the system zone)')
    .option('--json', 'one JSON document on stdout', false);
}

/** Commander's own usage errors (unknown option, missing argument) exit with `code` too. */
export function usageExitCode(command: Command, code: number): Command {
  return command.exitOverride((error) => {
    if (error.exitCode === 0) throw error;
    throw new CommanderError(code, error.code, error.message);
  });
}

export function zoneOf(tz: string | undefined): string {
  try {
    return checkZone(tz ?? systemZone());
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), EXIT_INVALID_INPUT);
  }
}

export function timeOf(text: string | undefined, zone: string, nowMs: number): number {
  if (text === undefined) return nowMs;
  try {
    return parseTime(text, zone, nowMs);
  } catch (error) {
    if (error instanceof TimeInputError) throw new CliError(error.message, EXIT_INVALID_INPUT);
    throw error;
  }
}

/** `{ <name>: ISO with offset, <name>Ms: epoch ms }` for JSON output; null stays null. */
export function timeFields<N extends string>(name: N, atMs: number | null, zone: string): Record<N | `${N}Ms`, string | number | null> {
  return { [name]: atMs === null ? null : isoInZone(atMs, zone), [`${name}Ms`]: atMs } as Record<N | `${N}Ms`, string | number | null>;
}

/**
 * Opens the store, runs `work`, closes it; store and time errors become one-line CliErrors.
 * Input errors are thrown inside the write transaction, so by the time they surface here the
 * transaction has rolled back and nothing was written.
 */
export function withStore<T>(dbFlag: string | undefined, work: (db: Db) => T, exits = { input: EXIT_INVALID_INPUT, failure: EXIT_FAILURE }): T {
  let db: Db | undefined;
  try {
    const location = resolveDbPath(dbFlag);
    db = openStore(location.path, { createDir: location.createDir });
    return work(db);
  } catch (error) {
    if (error instanceof CliError) throw error.exitCode === EXIT_INVALID_INPUT ? new CliError(error.message, exits.input) : error;
    if (error instanceof StoreInputError || error instanceof TimeInputError) throw new CliError(error.message, exits.input);
    if (error instanceof StoreError) throw new CliError(error.message, exits.failure);
    throw error;
  } finally {
    db?.close();
  }
}

export const fixed = (value: number, digits = 3): string => value.toFixed(digits);
