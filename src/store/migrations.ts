import type { Migration } from './migration.ts';
import { RUNS_MIGRATION } from './runs/migration.ts';

export type { Migration } from './migration.ts';

/**
 * Numbered schema migrations, applied in order, each in its own IMMEDIATE transaction together
 * with its schema_migrations row. Never edit a released migration: add the next number (the
 * accuracy work's runs/samples tables come as a later one). STRICT tables make SQLite enforce
 * the column types, so a wrong type is an error at insert rather than a surprise at read.
 */

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'pumps, fills, refills, labs, acknowledgements',
    sql: `
      CREATE TABLE pumps (
        id TEXT PRIMARY KEY,
        profile TEXT NOT NULL,
        serial TEXT,
        implanted_at_ms INTEGER,
        label TEXT,
        created_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE fills (
        id INTEGER PRIMARY KEY,
        pump_id TEXT NOT NULL REFERENCES pumps(id),
        at_ms INTEGER NOT NULL,
        infusate TEXT NOT NULL,
        volume_ml REAL NOT NULL CHECK (volume_ml > 0),
        content_ml REAL NOT NULL CHECK (content_ml >= volume_ml),
        predicted_flow_ml_per_day REAL NOT NULL CHECK (predicted_flow_ml_per_day >= 0),
        prediction_basis TEXT NOT NULL CHECK (prediction_basis IN ('measured', 'nominal')),
        drug_days REAL,
        fudr_mg REAL,
        dexamethasone_mg REAL,
        heparin_units REAL,
        dose_mg_per_kg_day REAL,
        weight_kg REAL,
        recipe_flow_ml_per_day REAL,
        recipe_json TEXT,
        created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX fills_pump_at ON fills (pump_id, at_ms);

      CREATE TABLE refills (
        id INTEGER PRIMARY KEY,
        pump_id TEXT NOT NULL REFERENCES pumps(id),
        fill_id INTEGER NOT NULL UNIQUE REFERENCES fills(id),
        at_ms INTEGER NOT NULL,
        -- the drained fill's infusate, kept here so remind reads recent drains without a join
        infusate TEXT NOT NULL,
        returned_ml REAL NOT NULL CHECK (returned_ml >= 0),
        measured_flow_ml_per_day REAL NOT NULL,
        predicted_flow_ml_per_day REAL NOT NULL,
        deviation_fraction REAL NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('ok', 'flag', 'fault')),
        reached_taper INTEGER NOT NULL CHECK (reached_taper IN (0, 1)),
        created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX refills_pump_at ON refills (pump_id, at_ms);

      CREATE TABLE labs (
        id INTEGER PRIMARY KEY,
        pump_id TEXT NOT NULL REFERENCES pumps(id),
        at_ms INTEGER NOT NULL,
        ast_u_per_l REAL,
        alp_u_per_l REAL,
        bilirubin_mg_per_dl REAL,
        created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX labs_pump_at ON labs (pump_id, at_ms);

      CREATE TABLE acknowledgements (
        pump_id TEXT NOT NULL REFERENCES pumps(id),
        kind TEXT NOT NULL,
        due_at_ms INTEGER NOT NULL,
        acknowledged_at_ms INTEGER NOT NULL,
        PRIMARY KEY (pump_id, kind, due_at_ms)
      ) STRICT;
    `,
  },
  // 2: accuracy runs and balance samples, owned by the accuracy work (src/store/runs/).
  RUNS_MIGRATION,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
