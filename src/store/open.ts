import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { StoreError } from './errors.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

export type Db = Database.Database;

/** Long enough for another CLI process's transaction (even a bulk import batch) to finish. */
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  createDir?: boolean;
  migrations?: readonly Migration[];
}

const VersionRow = z.object({ version: z.number().int().nullable() });

/**
 * Opens (creating if needed) and migrates a store. WAL lets readers run beside one writer;
 * busy_timeout makes a second writer wait instead of failing with SQLITE_BUSY; foreign keys are
 * off by default in SQLite and must be switched on per connection.
 */
export function openStore(path: string, options: OpenOptions = {}): Db {
  if (options.createDir === true) mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new StoreError(`cannot open database ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commit).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrations ?? MIGRATIONS);
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(`cannot use database ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return VersionRow.parse(db.prepare('SELECT max(version) AS version FROM schema_migrations').get()).version ?? 0;
}

/**
 * Applies the migrations the file lacks. Each runs in an IMMEDIATE transaction that re-reads the
 * version first, so two processes opening a new file at once apply each migration exactly once.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL) STRICT');
  const known = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const current = schemaVersion(db);
  if (current > known) throw new StoreError(`database schema version ${current} is newer than this haipump understands (${known}); upgrade haipump`);
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (const migration of sorted) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
    }).immediate();
  }
}

