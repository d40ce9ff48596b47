import * as z from 'zod';
import type { Db } from '../open.ts';

export interface NewRun {
  startedAtMs: number;
  pump: string;
  balance: string;
  rateMlPerH: number;
  minutes: number;
  intervalS: number;
  speed: number;
  densityGPerMl: number;
  overallErrorPct: number | null;
  outDir: string | null;
  /** The result document (result.json). */
  result: unknown;
  samples: readonly { atS: number; massG: number; stable: boolean }[];
}

/** Stores a run and its samples in one transaction; returns the run id. */
export function insertRun(db: Db, run: NewRun, nowMs: number = Date.now()): number {
  return db.transaction(() => {
    const info = db
      .prepare(
        `INSERT INTO runs (kind, started_at_ms, pump, balance, rate_ml_per_h, minutes, interval_s, speed, density_g_per_ml,
           overall_error_pct, out_dir, result_json, created_at_ms)
         VALUES ('accuracy', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        Math.round(run.startedAtMs),
        run.pump,
        run.balance,
        run.rateMlPerH,
        run.minutes,
        run.intervalS,
        run.speed,
        run.densityGPerMl,
        run.overallErrorPct,
        run.outDir,
        JSON.stringify(run.result),
        Math.round(nowMs),
      );
    const runId = Number(info.lastInsertRowid);
    const insert = db.prepare('INSERT INTO run_samples (run_id, seq, at_s, mass_g, stable) VALUES (?, ?, ?, ?, ?)');
    for (const [seq, s] of run.samples.entries()) insert.run(runId, seq, s.atS, s.massG, s.stable ? 1 : 0);
    return runId;
  })();
}

const RunRow = z.object({
  id: z.number().int(),
  started_at_ms: z.number().int(),
  pump: z.string(),
  balance: z.string(),
  rate_ml_per_h: z.number(),
  minutes: z.number(),
  interval_s: z.number(),
  speed: z.number(),
  density_g_per_ml: z.number(),
  overall_error_pct: z.number().nullable(),
  out_dir: z.string().nullable(),
  result_json: z.string(),
  samples: z.number().int(),
});

/** A run as stored: what was inserted, with its id and the number of samples kept. */
export type StoredRun = Omit<NewRun, 'samples'> & { id: number; samples: number };

const SELECT = `SELECT r.*, (SELECT count(*) FROM run_samples s WHERE s.run_id = r.id) AS samples FROM runs r`;

function toRun(row: unknown): StoredRun {
  const r = RunRow.parse(row);
  let result: unknown;
  try {
    result = JSON.parse(r.result_json);
  } catch {
    result = null;
  }
  return {
    id: r.id,
    startedAtMs: r.started_at_ms,
    pump: r.pump,
    balance: r.balance,
    rateMlPerH: r.rate_ml_per_h,
    minutes: r.minutes,
    intervalS: r.interval_s,
    speed: r.speed,
    densityGPerMl: r.density_g_per_ml,
    overallErrorPct: r.overall_error_pct,
    outDir: r.out_dir,
    result,
    samples: r.samples,
  };
}

export function listRuns(db: Db): StoredRun[] {
  return db.prepare(`${SELECT} ORDER BY r.started_at_ms, r.id`).all().map(toRun);
}

export function getRun(db: Db, id: number): StoredRun | undefined {
  const row = db.prepare(`${SELECT} WHERE r.id = ?`).get(id);
  return row === undefined ? undefined : toRun(row);
}

const SampleRow = z.object({ at_s: z.number(), mass_g: z.number(), stable: z.number().int() });

export function getRunSamples(db: Db, id: number): { atS: number; massG: number; stable: boolean }[] {
  return db
    .prepare('SELECT at_s, mass_g, stable FROM run_samples WHERE run_id = ? ORDER BY seq')
    .all(id)
    .map((row) => {
      const s = SampleRow.parse(row);
      return { atS: s.at_s, massG: s.mass_g, stable: s.stable === 1 };
    });
}
