/**
 * Reads of the store: stored runs, the refill board, the calendar feed. The file is opened
 * read-only for each request and closed after, so the dashboard never holds a lock that a
 * `fill` or `refill` in another terminal would wait on, and always shows what is committed.
 */
import * as z from 'zod';
import { checkZone, parseTime } from '../../schedule/index.ts';
import { openStore, type Db } from '../../store/index.ts';
import { listRuns } from '../../store/runs/index.ts';
import { boardCalendar, flowHistorySpec, refillBoard } from '../board/index.ts';
import { HttpError, send, sendJson } from '../http/respond.ts';
import type { Router } from '../http/router.ts';
import { storedRunPage, storedRunRow } from '../runs/stored-run.ts';
import type { DashboardContext } from './context.ts';

const IdSchema = z.coerce.number().int().positive();

export function addStoreRoutes(router: Router, context: DashboardContext): void {
  const read = <T>(work: (db: Db) => T): T => {
    let db: Db;
    try {
      db = openStore(context.dbPath, { mode: 'read' });
    } catch (error) {
      // No database yet is a state of the page, not a failure of the server.
      throw new HttpError(503, error instanceof Error ? error.message : String(error));
    }
    try {
      return work(db);
    } finally {
      db.close();
    }
  };

  router.get('/api/runs', ({ res }) => sendJson(res, { database: context.dbPath, runs: read((db) => listRuns(db).map(storedRunRow)) }));
  router.get('/api/runs/:id', ({ res, params }) => {
    const parsed = IdSchema.safeParse(params.id);
    if (!parsed.success) throw new HttpError(400, `run id must be a positive integer, got "${params.id}"`);
    const page = read((db) => storedRunPage(db, parsed.data));
    if (page === undefined) throw new HttpError(404, `no run ${parsed.data} in ${context.dbPath}`);
    sendJson(res, page);
  });
  router.get('/api/board', ({ res, url }) => {
    const when = whenOf(url, context);
    const board = read((db) => refillBoard(db, { atMs: when.atMs, zone: when.zone }));
    sendJson(res, { board, charts: Object.fromEntries(board.pumps.map((pump) => [pump.pumpId, flowHistorySpec(pump)])) });
  });
  router.get('/calendar.ics', ({ res, url }) => {
    const when = whenOf(url, context);
    const text = read((db) => boardCalendar(db, { atMs: when.atMs, zone: when.zone, stampMs: context.nowMs() }));
    send(res, 200, 'text/calendar; charset=utf-8', text);
  });
}

/** `?at=` (ISO, local to `?tz=`) and `?tz=` (IANA zone), as remind's --at and --tz. */
function whenOf(url: URL, context: DashboardContext): { atMs: number; zone: string } {
  const zoneText = url.searchParams.get('tz') ?? context.timeZone;
  let zone: string;
  let atMs: number;
  try {
    zone = checkZone(zoneText);
  } catch (error) {
    throw new HttpError(400, `tz: ${error instanceof Error ? error.message : String(error)}`);
  }
  const at = url.searchParams.get('at');
  try {
    atMs = at === null ? context.nowMs() : parseTime(at, zone, context.nowMs());
  } catch (error) {
    throw new HttpError(400, `at: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { atMs, zone };
}
