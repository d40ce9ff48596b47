import { ackKey, type ReminderKind } from '../schedule/index.ts';
import type { Db } from './open.ts';
import { AckRowSchema, parseRows } from './rows.ts';

/** All acknowledgements as a lookup for remindReport(); the table holds one row per acknowledged reminder. */
export function loadAcks(db: Db): Map<string, number> {
  const rows = parseRows(AckRowSchema, db.prepare('SELECT * FROM acknowledgements').all(), 'acknowledgements');
  return new Map(rows.map((r) => [ackKey(r.pump_id, r.kind, r.due_at_ms), r.acknowledged_at_ms]));
}

/** Idempotent: acknowledging the same reminder twice keeps the first time. */
export function acknowledge(db: Db, pumpId: string, kind: ReminderKind, dueAtMs: number, atMs: number): boolean {
  const info = db
    .prepare('INSERT OR IGNORE INTO acknowledgements (pump_id, kind, due_at_ms, acknowledged_at_ms) VALUES (?, ?, ?, ?)')
    .run(pumpId, kind, dueAtMs, atMs);
  return info.changes > 0;
}
