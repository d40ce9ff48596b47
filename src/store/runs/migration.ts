import type { Migration } from '../migration.ts';

/**
 * Accuracy runs and their balance samples: migration 2 of the store (listed in ../migrations.ts).
 * Every statement is IF NOT EXISTS, so files made before it was numbered still migrate.
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
