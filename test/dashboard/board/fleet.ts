/**
 * A small fleet built through the real CLI (the whole program in this process), as a clinic
 * would record it: every pump on the default 30 mL profile (1 mL/day nominal, 1 mL residual,
 * 3 mL reserve, 2-day margin), refilled every 14 days with heparinized saline, between the
 * spring and autumn DST changes so every cycle lasts exactly 14 × 24 h.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Db } from '../../../src/store/index.ts';
import { runInProcess, type CliRun } from '../../support/cli.ts';

export const ZONE = 'America/New_York';
/** "As of" for remind and the board: noon in New York (EDT, −04:00). */
export const AT = '2026-06-01T16:00:00Z';
export const AT_MS = Date.parse(AT);

/** What each pump is built to show at AT. */
export const EXPECTED_STATE = {
  /** Four fills, three drains; the last fill's refill fell due on May 27. */
  OVER: 'overdue',
  /** Drained on May 15 and never refilled: a fill is due since the drain. */
  DRAINED: 'overdue',
  /** Last filled May 8 at 1.0 mL/day: due 25 days later, June 2 09:00, inside the 3-day window. */
  DUE: 'due',
  /** Its newest drain measured about +18 % over the prediction (a flag): not due until June 9. */
  DRIFT: 'drifting',
  /** Never filled. */
  IDLE: 'idle',
} as const;

const SALINE = ['--infusate', 'heparinized-saline'];

/** Each pump's visits: the first fill (30 mL into an empty pump), then drains with the returned volume and an optional 29 mL fill. */
const VISITS: Record<string, { firstFillAt: string; drains: { at: string; returnedMl: number; refill: boolean }[] }> = {
  OVER: {
    firstFillAt: '2026-03-20T09:00',
    drains: [
      { at: '2026-04-03T09:00', returnedMl: 15.6, refill: true },
      { at: '2026-04-17T09:00', returnedMl: 15.6, refill: true },
      { at: '2026-05-01T09:00', returnedMl: 15.6, refill: true },
    ],
  },
  DRAINED: { firstFillAt: '2026-05-01T09:00', drains: [{ at: '2026-05-15T09:00', returnedMl: 15, refill: false }] },
  DUE: {
    firstFillAt: '2026-04-10T09:00',
    drains: [
      { at: '2026-04-24T09:00', returnedMl: 15, refill: true },
      { at: '2026-05-08T09:00', returnedMl: 15, refill: true },
    ],
  },
  DRIFT: {
    firstFillAt: '2026-04-20T09:00',
    drains: [
      { at: '2026-05-04T09:00', returnedMl: 15, refill: true },
      { at: '2026-05-18T09:00', returnedMl: 12.5, refill: true },
    ],
  },
};

export interface Fleet {
  dbPath: string;
  /** Runs `haipump ARGS --db <fleet> --tz ZONE` in this process. */
  cli: (...args: string[]) => Promise<CliRun>;
  /** A read-only connection, as the dashboard opens one. */
  open: () => Db;
  dir: string;
  remove: () => void;
}

async function ok(run: Promise<CliRun>): Promise<CliRun> {
  const result = await run;
  if (result.status !== 0) throw new Error(`haipump failed (${result.status}): ${result.stderr}`);
  return result;
}

export async function buildFleet(): Promise<Fleet> {
  const dir = mkdtempSync(join(tmpdir(), 'haipump-board-'));
  const dbPath = join(dir, 'fleet.db');
  const cli = (...args: string[]) => runInProcess([...args, '--db', dbPath, '--tz', ZONE]);
  for (const pumpId of Object.keys(EXPECTED_STATE)) await ok(cli('pump', 'add', pumpId, '--label', `bench ${pumpId.toLowerCase()}`));
  for (const [pumpId, visits] of Object.entries(VISITS)) {
    await ok(cli('fill', pumpId, ...SALINE, '--volume-ml', '30', '--at', visits.firstFillAt));
    for (const drain of visits.drains) {
      const refill = drain.refill ? [...SALINE, '--volume-ml', '29'] : [];
      await ok(cli('refill', pumpId, '--returned-ml', String(drain.returnedMl), '--at', drain.at, ...refill));
    }
  }
  return {
    dbPath,
    cli,
    dir,
    open: () => openStore(dbPath, { mode: 'read' }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
