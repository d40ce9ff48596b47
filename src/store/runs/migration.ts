import type { Migration } from '../migrations.ts';

/**
 * Accuracy runs and their balance samples. Written as the store's next numbered migration, to be
 * appended to MIGRATIONS in ../migrations.ts by whoever owns that file (renumber if another
 * migration took 2 first). Until then `ensureRunsSchema` applies the same SQL directly: every
 * statement is IF NOT EXISTS, so running it before and again as a migration is harmless, and no
 * schema_migrations row is written that other commands would see as "newer than I understand".
 */
export const RUNS_MIGRATION: Migration = {
  version: 2,
  name: 'accuracy runs and samples',
  sql: `
    CREATE TABLE IF NOT EXISTS runs (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('accuracy')),
      started_at_ms INTEGER NOT NULL,
      pump TEXT NOT NULL,
      balance TEXT NOT NULL,
      rate_ml_per_h REAL NOT NULL CHECK (rate_ml_per_h > 0),
      minutes REAL NOT NULL CHECK (minutes > 0),
      interval_s REAL NOT NULL CHECK (interval_s > 0),
      speed REAL NOT NULL CHECK (speed > 0),
      density_g_per_ml REAL NOT NULL,
      overall_error_pct REAL,
      out_dir TEXT,
      result_json TEXT NOT NULL,
      created_at_ms INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS runs_started ON runs (started_at_ms);

    CREATE TABLE IF NOT EXISTS run_samples (
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL CHECK (seq >= 0),
      at_s REAL NOT NULL,
      mass_g REAL NOT NULL,
      stable INTEGER NOT NULL CHECK (stable IN (0, 1)),
      PRIMARY KEY (run_id, seq)
    ) STRICT;
  `,
};
