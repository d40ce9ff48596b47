import { loadProfile } from '../profiles/load.ts';
import { describeError } from '../model/errors.ts';
import type { PumpProfile } from '../model/index.ts';
import { StoreError, StoreInputError } from './errors.ts';
import type { Db } from './open.ts';
import { parseRow, parseRows, PumpRowSchema, type PumpRow } from './rows.ts';

/** Pump ids go into iCalendar UIDs and file names: keep them to a safe, readable alphabet. */
export const PUMP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** How far past the caller's "now" a recorded event may be: clock skew between machines. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface NewPump {
  id: string;
  profile: string;
  serial?: string | undefined;
  implantedAtMs?: number | undefined;
  label?: string | undefined;
}

export function getPump(db: Db, id: string): PumpRow | null {
  const row = db.prepare('SELECT * FROM pumps WHERE id = ?').get(id);
  return row === undefined ? null : parseRow(PumpRowSchema, row, 'pumps');
}

export function requirePump(db: Db, id: string): PumpRow {
  const pump = getPump(db, id);
  if (pump === null) throw new StoreInputError(`unknown pump "${id}" (see: haipump pump list)`);
  return pump;
}

export function listPumps(db: Db): PumpRow[] {
  return parseRows(PumpRowSchema, db.prepare('SELECT * FROM pumps ORDER BY id').all(), 'pumps');
}

const profileCache = new Map<string, PumpProfile>();

/** A stored pump's profile; cached, because remind over a fleet asks for the same few many times. */
export function profileOf(pump: Pick<PumpRow, 'id' | 'profile'>): PumpProfile {
  const cached = profileCache.get(pump.profile);
  if (cached !== undefined) return cached;
  try {
    const profile = loadProfile(pump.profile);
    profileCache.set(pump.profile, profile);
    return profile;
  } catch (error) {
    throw new StoreError(`pump "${pump.id}": ${describeError(error)}`);
  }
}

export function addPump(db: Db, input: NewPump, nowMs: number): PumpRow {
  if (!PUMP_ID_PATTERN.test(input.id)) {
    throw new StoreInputError(`invalid pump id "${input.id}": use 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  try {
    loadProfile(input.profile);
  } catch (error) {
    throw new StoreInputError(describeError(error));
  }
  if (input.implantedAtMs !== undefined && input.implantedAtMs > nowMs + FUTURE_TOLERANCE_MS) {
    throw new StoreInputError('the implant date cannot be in the future');
  }
  return db
    .transaction((): PumpRow => {
      if (getPump(db, input.id) !== null) throw new StoreInputError(`pump "${input.id}" already exists`);
      db.prepare('INSERT INTO pumps (id, profile, serial, implanted_at_ms, label, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)').run(
        input.id,
        input.profile,
        input.serial ?? null,
        input.implantedAtMs ?? null,
        input.label ?? null,
        nowMs,
      );
      return requirePump(db, input.id);
    })
    .immediate();
}
