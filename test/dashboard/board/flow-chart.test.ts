import { compile } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Board, flowHistorySpec, refillBoard } from '../../../src/dashboard/board/index.ts';
import { AT_MS, buildFleet, type Fleet, ZONE } from './fleet.ts';

let fleet: Fleet;
let board: Board;
beforeAll(async () => {
  fleet = await buildFleet();
  const db = fleet.open();
  try {
    board = refillBoard(db, { atMs: AT_MS, zone: ZONE });
  } finally {
    db.close();
  }
});
afterAll(() => fleet.remove());

describe('flowHistorySpec', () => {
  it("charts exactly the pump's flow history, titled with its id, small", () => {
    for (const pump of board.pumps) {
      const spec = flowHistorySpec(pump);
      expect(spec.data).toEqual({ values: pump.flowHistory });
      expect(spec).toMatchObject({ title: `${pump.pumpId}: measured vs predicted flow`, width: 260, height: 90 });
    }
    expect(board.pumps.find((p) => p.pumpId === 'OVER')?.flowHistory).toHaveLength(3);
  });

  it('is a valid Vega-Lite spec: measured as points and a line, predicted dashed', () => {
    const pump = board.pumps.find((p) => p.pumpId === 'DRIFT');
    if (pump === undefined) throw new Error('no DRIFT pump');
    const spec = flowHistorySpec(pump);
    const vega = compile(spec).spec;
    const marks = JSON.stringify(vega.marks);
    expect(marks).toContain('"strokeDash"');
    expect(marks).toContain('"type":"symbol"');
    expect(JSON.stringify(vega.data)).toContain('measuredFlowMlPerDay');
    // The page renders what the server sends: the spec survives JSON unchanged.
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });
});
