import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MS_PER_DAY } from '../../../src/model/index.ts';
import { showInZone } from '../../../src/schedule/index.ts';
import { type Board, refillBoard } from '../../../src/dashboard/board/index.ts';
import { AT, AT_MS, buildFleet, EXPECTED_STATE, type Fleet, ZONE } from './fleet.ts';

/** OVER's three visits after its first fill: each drained the pump and filled it again. */
const OVER_DRAINS_NEWEST_FIRST = ['2026-05-01T09:00:00-04:00', '2026-04-17T09:00:00-04:00', '2026-04-03T09:00:00-04:00'];

let fleet: Fleet;
let board: Board;
/** `haipump remind --json` on the same database, at the same time, in the same zone. */
let remind: {
  status: number | null;
  json: {
    at: string;
    atMs: number;
    timeZone: string;
    withinDays: number;
    exitStatus: number;
    counts: Board['counts'];
    items: Record<string, unknown>[];
    flags: (Record<string, unknown> & { pumpId: string; kind: string })[];
    idlePumpIds: string[];
  };
};

beforeAll(async () => {
  fleet = await buildFleet();
  const run = await fleet.cli('remind', '--at', AT, '--json');
  remind = { status: run.status, json: JSON.parse(run.stdout) };
  const db = fleet.open();
  try {
    board = refillBoard(db, { atMs: AT_MS, zone: ZONE });
  } finally {
    db.close();
  }
});
afterAll(() => fleet.remove());

describe('refillBoard agrees with haipump remind --json', () => {
  it('has the same time, window, counts and exit status', () => {
    expect(remind.status).toBe(2);
    expect(board).toMatchObject({ at: remind.json.at, atMs: remind.json.atMs, timeZone: ZONE, withinDays: remind.json.withinDays });
    expect(board.counts).toEqual(remind.json.counts);
    expect(board.counts).toEqual({ overdue: 2, due: 1, upcoming: 1, acknowledged: 0 });
    expect(board.exitStatus).toBe(remind.json.exitStatus);
    expect(board.exitStatus).toBe(remind.status);
  });

  it("gives every pump remind's reminder object, in remind's order, and the pumps with no fill last", () => {
    const withReminder = board.pumps.filter((p) => p.reminder !== null);
    expect(withReminder.map((p) => p.reminder)).toEqual(remind.json.items);
    expect(board.pumps.filter((p) => p.reminder === null).map((p) => p.pumpId)).toEqual(remind.json.idlePumpIds);
    expect(board.pumps.map((p) => p.pumpId).sort()).toEqual(Object.keys(EXPECTED_STATE).sort());
  });

  it("gives every pump remind's flags for it", () => {
    for (const pump of board.pumps) expect(pump.flags, pump.pumpId).toEqual(remind.json.flags.filter((f) => f.pumpId === pump.pumpId));
    expect(remind.json.flags.map((f) => `${f.pumpId}:${f.kind}:${f.level}`)).toEqual(['DRIFT:deviation:flag']);
  });

  it('states each pump as its item status, drifting when nothing is due but the flow deviates or trends', () => {
    const states = Object.fromEntries(board.pumps.map((p) => [p.pumpId, p.state]));
    expect(states).toEqual(EXPECTED_STATE);
    for (const pump of board.pumps) {
      const status = pump.reminder?.status;
      const drifts = pump.flags.some((f) => f.kind === 'deviation' || f.kind === 'trend');
      const expected = status === undefined ? 'idle' : status === 'upcoming' && drifts ? 'drifting' : status;
      expect(pump.state, pump.pumpId).toBe(expected);
    }
  });

  it('shows the next due time in the board zone with its offset', () => {
    const due = board.pumps.find((p) => p.pumpId === 'DUE');
    expect(due?.nextDueLocal).toBe('2026-06-02 09:00 -04:00');
    for (const pump of board.pumps) {
      const dueAtMs = pump.reminder?.dueAtMs;
      expect(pump.nextDueLocal, pump.pumpId).toBe(typeof dueAtMs === 'number' ? showInZone(dueAtMs, ZONE) : null);
    }
  });
});

describe('the history on the board', () => {
  const pump = (id: string) => {
    const found = board.pumps.find((p) => p.pumpId === id);
    if (found === undefined) throw new Error(`no pump ${id} on the board`);
    return found;
  };

  it('charts every drain, oldest first, with the flow measured from the returned volume', () => {
    const over = pump('OVER');
    expect(over.flowHistory.map((p) => p.at)).toEqual([...OVER_DRAINS_NEWEST_FIRST].reverse());
    // Each cycle: 30 mL in the pump after the fill, 1 mL residual stays, 15.6 mL came back, over 14 days.
    for (const point of over.flowHistory) expect(point.measuredFlowMlPerDay).toBeCloseTo((30 - 1 - 15.6) / 14, 12);
    // The first fill was predicted at the nominal 1 mL/day; later ones from the measured flow.
    expect(over.flowHistory[0]?.predictedFlowMlPerDay).toBeCloseTo(1, 12);
    expect(over.flowHistory[1]?.predictedFlowMlPerDay).toBeCloseTo(13.4 / 14, 12);

    const drift = pump('DRIFT').flowHistory;
    expect(drift).toHaveLength(2);
    expect(drift[1]?.atMs).toBe(Date.parse('2026-05-18T13:00:00Z'));
    expect(drift[1]?.measuredFlowMlPerDay).toBeCloseTo((30 - 1 - 12.5) / 14, 12);
    expect(drift[1]?.predictedFlowMlPerDay).toBeCloseTo((30 - 1 - 15) / 14, 12);
    expect(drift[1]?.reachedTaper).toBe(false);
    expect(pump('IDLE').flowHistory).toEqual([]);
  });

  it('lists the newest three fills and drains, newest first, in the shape pump show gives', async () => {
    const over = pump('OVER');
    expect(over.lastFills.map((f) => f.at)).toEqual(OVER_DRAINS_NEWEST_FIRST);
    expect(over.lastDrains.map((d) => d.at)).toEqual(OVER_DRAINS_NEWEST_FIRST);
    const shown = await fleet.cli('pump', 'show', 'OVER', '--limit', '3', '--json');
    const json = JSON.parse(shown.stdout);
    expect(over.lastFills).toEqual(json.fills);
    expect(over.lastDrains).toEqual(json.drains);
    expect(pump('DRAINED').lastFills).toHaveLength(1);
    expect(pump('IDLE')).toMatchObject({ label: 'bench idle', reminder: null, nextDueLocal: null, lastFills: [], lastDrains: [] });
  });

  it("takes remind's other flags to the same effect: --within, --hour, --margin-days, --trend-*", async () => {
    const atMs = AT_MS - 3 * MS_PER_DAY;
    const run = await fleet.cli(
      ...['remind', '--at', new Date(atMs).toISOString(), '--within', '1', '--hour', '7', '--margin-days', '4'],
      ...['--trend-percent', '5', '--trend-refills', '3', '--json'],
    );
    const json = JSON.parse(run.stdout);
    const db = fleet.open();
    try {
      const other = refillBoard(db, {
        atMs,
        zone: ZONE,
        withinDays: 1,
        hour: 7,
        marginDays: 4,
        trend: { fractionPerRefill: 0.05, minRefills: 3 },
      });
      expect(other.withinDays).toBe(1);
      expect(other.pumps.flatMap((p) => (p.reminder === null ? [] : [p.reminder]))).toEqual(json.items);
      expect(other.counts).toEqual(json.counts);
      expect(other.exitStatus).toBe(run.status);
      expect(other.pumps.find((p) => p.pumpId === 'DUE')?.reminder?.remindAt).toMatch(/T07:00:00-04:00$/);
    } finally {
      db.close();
    }
  });
});
