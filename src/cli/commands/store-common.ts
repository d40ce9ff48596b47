import type { Command } from 'commander';
import * as z from 'zod';
import { checkZone, parseTime, systemZone, TimeInputError } from '../../schedule/index.ts';
import { openStore, resolveDbPath, type Db, type OpenMode } from '../../store/index.ts';

/**
 * Shared by the store commands (pump, fill, refill, remind, labs, runs, db). Errors keep their
 * kind (StoreInputError, TimeInputError: usage; StoreError: failure); program.ts turns kinds into
 * exit codes, remind's own convention included.
 */

/** Options every store command takes. */
export const CommonOptionsSchema = z.object({
  db: z.string().min(1).optional(),
  json: z.boolean().default(false),
  tz: z.string().min(1).optional(),
});

export const DB_FLAG_HELP =
  'SQLite database (default: $HAIPUMP_DB, else $XDG_DATA_HOME/haipump/haipump.db); it must exist (haipump db init)';

export function addCommonOptions(command: Command): Command {
  return command
    .option('--db <file>', DB_FLAG_HELP)
    .option('--tz <zone>', 'IANA time zone for entering and showing times (default: the system zone)')
    .option('--json', 'one JSON document on stdout', false);
}

/** Names the flag a time or zone came from: `--at: malformed time "soon" ...`. */
function fromFlag<T>(flag: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof TimeInputError) throw new TimeInputError(`${flag}: ${error.message}`);
    throw error;
  }
}

export function zoneOf(tz: string | undefined): string {
  if (tz === undefined) return checkZone(systemZone());
  return fromFlag('--tz', () => checkZone(tz));
}

export function timeOf(text: string | undefined, zone: string, nowMs: number, flag = '--at'): number {
  return text === undefined ? nowMs : fromFlag(flag, () => parseTime(text, zone, nowMs));
}

/** The zone of --tz, the time now, and --at read in that zone (default now). */
export function whenOf(o: { tz?: string | undefined; at?: string | undefined }): { zone: string; nowMs: number; atMs: number } {
  const zone = zoneOf(o.tz);
  const nowMs = Date.now();
  return { zone, nowMs, atMs: timeOf(o.at, zone, nowMs) };
}

/** The database file a command uses, resolved from --db and the environment. */
export function databasePath(dbFlag: string | undefined): string {
  return resolveDbPath(dbFlag).path;
}

/** The one line of human output that names the database. */
export const databaseLine = (dbFlag: string | undefined): string => `database: ${databasePath(dbFlag)}`;

/**
 * Opens the store in `mode`, runs `work`, closes it. Input errors are thrown inside the write
 * transaction, so by the time they surface the transaction has rolled back and nothing was written.
 */
export function withStore<T>(dbFlag: string | undefined, mode: OpenMode, work: (db: Db) => T): T {
  const location = resolveDbPath(dbFlag);
  const db = openStore(location.path, { mode, createDir: mode === 'create' && location.createDir });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

export const fixed = (value: number, digits = 3): string => value.toFixed(digits);
