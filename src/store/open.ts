import { accessSync, constants, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import * as z from 'zod';
import { describeError } from '../model/errors.ts';
import { StoreError, StoreMissingError } from './errors.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

export type Db = Database.Database;

/** Long enough for another CLI process's transaction (even a bulk import batch) to finish. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * - create: make the file if it is missing (only `haipump db init` and `pump add` do), then migrate;
 * - write: the file must exist and be a haipump database; migrate it if it is older;
 * - read: the file must exist; opened read-only, never written (not even a migration), so a
 *   read-only file, directory or mount serves every read command.
 */
export type OpenMode = 'create' | 'write' | 'read';

export interface OpenOptions {
  /** Default 'create' (tests and tools); the CLI always says which. */
  mode?: OpenMode;
  /** create: make the parent directory too (only for the default data directory). */
  createDir?: boolean;
  migrations?: readonly Migration[];
}

const VersionRow = z.object({ version: z.number().int().nullable() });
const CountRow = z.object({ n: z.number().int() });

/** Bytes 18 and 19 of a SQLite header: 1 = rollback journal, 2 = WAL (sqlite.org/fileformat.html 1.3.4). */
const HEADER_WRITE_VERSION_OFFSET = 18;
const HEADER_READ_VERSION_OFFSET = 19;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

/**
 * Opens a store. WAL lets readers run beside one writer; busy_timeout makes a second writer wait
 * instead of failing with SQLITE_BUSY; foreign keys are off by default in SQLite and must be
 * switched on per connection.
 */
export function openStore(path: string, options: OpenOptions = {}): Db {
  const mode = options.mode ?? 'create';
  const migrations = options.migrations ?? MIGRATIONS;
  if (mode === 'read') return openForReading(path, migrations);
  if (mode === 'write') {
    requireFile(path);
    if (!writable(path)) throw new StoreError(`database ${path} is read-only, and this command writes to it`);
  }
  if (mode === 'create' && options.createDir === true) mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS, fileMustExist: mode === 'write' });
  } catch (error) {
    throw new StoreError(`cannot open database ${path}: ${describeError(error)}`);
  }
  try {
    if (db.readonly) throw new StoreError(`database ${path} is read-only, and this command writes to it`);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    requireHaipumpSchema(db, path, mode);
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commit).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(`cannot use database ${path}: ${describeError(error)}`);
  }
  return db;
}

/** access(2) answers for this process's user and for read-only mounts (EROFS), as a write would. */
function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Refuses a path that is not an existing regular file, before SQLite can create one. */
function requireFile(path: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StoreMissingError(path);
    throw new StoreError(`cannot open database ${path}: ${describeError(error)}`);
  }
  if (!isFile) throw new StoreError(`database ${path} is not a file`, 'usage');
}

function tableCount(db: Db, name?: string): number {
  const sql =
    name === undefined
      ? "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'"
      : "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?";
  return CountRow.parse(name === undefined ? db.prepare(sql).get() : db.prepare(sql).get(name)).n;
}

/** A file that has tables but no schema_migrations is someone else's database: never touch it. */
function requireHaipumpSchema(db: Db, path: string, mode: OpenMode): void {
  if (tableCount(db, 'schema_migrations') > 0) return;
  if (mode === 'create' && tableCount(db) === 0) return;
  throw new StoreError(
    `${path} is not a haipump database${mode === 'create' ? '' : ' (haipump db init makes an empty file into one)'}`,
    'usage',
  );
}

/**
 * Reading: no migration, no write of any kind. Where the file and its directory may be written,
 * an ordinary connection with query_only on (a read-only connection could not remove the WAL
 * files it makes when it closes). Otherwise a read-only connection; and where SQLite cannot even
 * create the WAL index next to the file (read-only directory or mount), the file (cleanly closed,
 * so complete without a -wal) is read from a private in-memory copy.
 */
function openForReading(path: string, migrations: readonly Migration[]): Db {
  requireFile(path);
  let db: Db;
  try {
    const canWrite = writable(path) && writable(dirname(path));
    db = new Database(path, { readonly: !canWrite, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (canWrite) db.pragma('query_only = ON');
    tableCount(db);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'SQLITE_READONLY_DIRECTORY' && code !== 'SQLITE_CANTOPEN' && code !== 'SQLITE_READONLY') {
      throw new StoreError(`cannot open database ${path}: ${describeError(error)}`);
    }
    db = openInMemoryCopy(path);
  }
  try {
    requireHaipumpSchema(db, path, 'read');
    requireCurrentSchema(db, path, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function openInMemoryCopy(path: string): Db {
  let walBytes = 0;
  try {
    walBytes = statSync(`${path}-wal`).size;
  } catch {
    // No write-ahead log: the main file holds every committed transaction.
  }
  if (walBytes > 0)
    throw new StoreError(
      `cannot read database ${path}: it is read-only and its write-ahead log ${path}-wal has not been merged; open it once where it is writable`,
    );
  let image: Buffer;
  try {
    image = readFileSync(path);
  } catch (error) {
    throw new StoreError(`cannot read database ${path}: ${describeError(error)}`);
  }
  if (image.length > 0 && image.subarray(0, SQLITE_MAGIC.length).toString('latin1') !== SQLITE_MAGIC) {
    throw new StoreError(`${path} is not a SQLite database`, 'usage');
  }
  // An in-memory database has no WAL index; mark the copy as rollback-journal, read-only anyway.
  if (image.length > HEADER_READ_VERSION_OFFSET) {
    image[HEADER_WRITE_VERSION_OFFSET] = 1;
    image[HEADER_READ_VERSION_OFFSET] = 1;
  }
  try {
    return new Database(image, { readonly: true });
  } catch (error) {
    throw new StoreError(`cannot read database ${path}: ${describeError(error)}`);
  }
}

/** A read never migrates: an older file is refused with what to do, a newer one too. */
function requireCurrentSchema(db: Db, path: string, migrations: readonly Migration[]): void {
  const known = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const current = schemaVersion(db);
  if (current > known)
    throw new StoreError(`database ${path} has schema version ${current}, newer than this haipump understands (${known}); upgrade haipump`);
  if (current < known) {
    throw new StoreError(
      `database ${path} has schema version ${current}; this haipump reads version ${known}: upgrade the file with haipump db init --db ${path}`,
      'usage',
    );
  }
}

export function schemaVersion(db: Db): number {
  return VersionRow.parse(db.prepare('SELECT max(version) AS version FROM schema_migrations').get()).version ?? 0;
}

/**
 * Applies the migrations the file lacks. Each runs in an IMMEDIATE transaction that re-reads the
 * version first, so two processes opening a new file at once apply each migration exactly once.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL) STRICT',
  );
  const known = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const current = schemaVersion(db);
  if (current > known)
    throw new StoreError(`database schema version ${current} is newer than this haipump understands (${known}); upgrade haipump`);
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (const migration of sorted) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
    }).immediate();
  }
}
