import type { PumpFlag, ReminderItem, RemindReport } from '../../schedule/index.ts';
import { isoInZone, showInZone } from '../../schedule/index.ts';
import { flagJson, reminderJson } from '../../schedule/json.ts';
import { type Db, drainMeasuresOf, drainsOf, fillsOf, listPumps, type RefillRow } from '../../store/index.ts';
import { drainJson, fillJson } from '../../store/json.ts';
import { type BoardQuery, boardReport, hourOf, withinDaysOf } from './query.ts';

export type BoardState = 'upcoming' | 'due' | 'overdue' | 'drifting' | 'idle';

/** One drain's measured flow against the flow predicted for the fill it drained. */
export interface FlowPoint {
  atMs: number;
  /** The same instant, ISO 8601 with the board zone's offset. */
  at: string;
  measuredFlowMlPerDay: number;
  predictedFlowMlPerDay: number;
  /** The pump ran into its bellows taper: this measured flow is only a lower bound. */
  reachedTaper: boolean;
}

export interface BoardPump {
  pumpId: string;
  label: string | null;
  state: BoardState;
  /** Exactly the item `haipump remind --json` prints for this pump; null for a pump never filled. */
  reminder: Record<string, unknown> | null;
  /** Exactly remind --json's flags of this pump. */
  flags: Record<string, unknown>[];
  /** The due time in the board's zone for people, with its offset: "2026-03-26 10:00 -04:00". */
  nextDueLocal: string | null;
  /** Every drain, oldest first. */
  flowHistory: FlowPoint[];
  /** Newest first, as `pump show --json` gives them. */
  lastFills: Record<string, unknown>[];
  lastDrains: Record<string, unknown>[];
}

export interface Board {
  at: string;
  atMs: number;
  timeZone: string;
  withinDays: number;
  counts: RemindReport['counts'];
  exitStatus: RemindReport['exitStatus'];
  /** In remind's order (soonest due first, so overdue pumps lead), then pumps with no fill, by id. */
  pumps: BoardPump[];
}

const LAST_ROWS = 3;
/** SQLite reads a negative LIMIT as "no limit": the chart wants the pump's whole drain history. */
const ALL_ROWS = -1;

/**
 * The board's state: the most urgent thing about the pump. A deadline outranks drift: overdue
 * and due come from remind's item status unchanged (so the board never disagrees with remind's
 * counts and exit status); only a pump with nothing due shows 'drifting', when its newest drain
 * deviated or its recent drains trend. A drifting pump that is also due still lists its flags,
 * so nothing is hidden. A taper flag is not drift: it says the pump ran near dry (a schedule
 * matter) and its measured flow is only a lower bound.
 */
function stateOf(item: ReminderItem | null, flags: readonly PumpFlag[]): BoardState {
  if (item === null) return 'idle';
  if (item.status !== 'upcoming') return item.status;
  return flags.some((flag) => flag.kind === 'deviation' || flag.kind === 'trend') ? 'drifting' : 'upcoming';
}

function flowPointOf(drain: RefillRow, zone: string): FlowPoint {
  const { measuredFlowMlPerDay, predictedFlowMlPerDay, reachedTaper } = drainMeasuresOf(drain);
  return { atMs: drain.at_ms, at: isoInZone(drain.at_ms, zone), measuredFlowMlPerDay, predictedFlowMlPerDay, reachedTaper };
}

/** Every pump's refill state as of `query.atMs`: what `haipump remind --json` says, plus each pump's history. */
export function refillBoard(db: Db, query: BoardQuery): Board {
  const { zone } = query;
  const hour = hourOf(query);
  // One deferred transaction: the report and every history read see the same WAL snapshot
  // (remindFromStore's own transaction nests as a savepoint).
  const read = db.transaction(() => {
    const report = boardReport(db, query);
    const pumps = listPumps(db);
    const history = new Map(pumps.map((p) => [p.id, { fills: fillsOf(db, p.id, LAST_ROWS), drains: drainsOf(db, p.id, ALL_ROWS) }]));
    return { report, pumps, history };
  });
  const { report, pumps, history } = read();
  const labels = new Map(pumps.map((p) => [p.id, p.label]));
  const flagsByPump = new Map<string, PumpFlag[]>();
  for (const flag of report.flags) flagsByPump.set(flag.pumpId, [...(flagsByPump.get(flag.pumpId) ?? []), flag]);
  const rows: { pumpId: string; item: ReminderItem | null }[] = [
    ...report.items.map((item) => ({ pumpId: item.pumpId, item })),
    ...report.idlePumpIds.map((pumpId) => ({ pumpId, item: null })),
  ];
  return {
    at: isoInZone(report.atMs, zone),
    atMs: report.atMs,
    timeZone: zone,
    withinDays: withinDaysOf(query),
    counts: report.counts,
    exitStatus: report.exitStatus,
    pumps: rows.map(({ pumpId, item }): BoardPump => {
      const flags = flagsByPump.get(pumpId) ?? [];
      const { fills, drains } = history.get(pumpId) ?? { fills: [], drains: [] };
      return {
        pumpId,
        label: item?.label ?? labels.get(pumpId) ?? null,
        state: stateOf(item, flags),
        reminder: item === null ? null : reminderJson(item, zone, hour),
        flags: flags.map((flag) => flagJson(flag, zone)),
        nextDueLocal: item === null ? null : showInZone(item.dueAtMs, zone),
        flowHistory: drains.map((drain) => flowPointOf(drain, zone)).reverse(),
        lastFills: fills.map((fill) => fillJson(fill, zone)),
        lastDrains: drains.slice(0, LAST_ROWS).map((drain) => drainJson(drain, zone)),
      };
    }),
  };
}
