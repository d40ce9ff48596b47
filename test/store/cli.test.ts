import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, describe, expect, it } from 'vitest';
import { countRows, openStore } from '../../src/store/index.ts';
import { haipump } from './spawn.ts';

const dir = mkdtempSync(join(tmpdir(), 'haipump-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TZ = ['--tz', 'America/New_York'];

function rows(db: string): ReturnType<typeof countRows> {
  const store = openStore(db);
  try {
    return countRows(store);
  } finally {
    store.close();
  }
}

describe('haipump pump/fill/refill/remind in real processes', () => {
  const db = join(dir, 'session.db');
  const run = (...args: string[]) => haipump([...args, '--db', db, ...TZ]);

  it('a session from an empty database, with remind exit codes 0, 1, 2 and an .ics', () => {
    expect(run('pump', 'add', 'P1', '--label', 'bench A', '--implanted', '2026-02-20').status).toBe(0);
    const filled = run('fill', 'P1', '--infusate', 'fudr', '--volume-ml', '30', '--dose-mg-per-kg-day', '0.12', '--weight-kg', '70', '--at', '2026-03-01T09:00', '--json');
    expect(filled.status, filled.stderr).toBe(0);
    const f = JSON.parse(filled.stdout);
    expect(f.fill).toMatchObject({ at: '2026-03-01T09:00:00-05:00', atMs: Date.parse('2026-03-01T14:00:00Z'), volumeMl: 30, infusate: 'fudr' });
    expect(f.recipe.fudrMg).toBeCloseTo(259.2, 6);
    expect(f.next).toMatchObject({ reason: 'drug-phase-end', dueAt: '2026-03-15T10:00:00-04:00' });

    const refilled = run('refill', 'P1', '--returned-ml', '15.6', '--at', '2026-03-15T09:00', '--infusate', 'heparinized-saline', '--volume-ml', '29', '--json');
    expect(refilled.status, refilled.stderr).toBe(0);
    const r = JSON.parse(refilled.stdout);
    // (30 − 1 − 15.6) mL over 13.958 days (the DST night is 23 h long).
    expect(r.drain.measuredFlowMlPerDay).toBeCloseTo(13.4 / (335 / 24), 9);
    expect(r.drain.level).toBe('ok');
    expect(r.fill.prediction.basis).toBe('measured');
    const dueAtMs: number = r.fill.next.dueAtMs;

    const at = (ms: number) => new Date(ms).toISOString();
    const quiet = run('remind', '--at', at(dueAtMs - 10 * 86_400_000), '--json');
    expect(quiet.status).toBe(0);
    expect(JSON.parse(quiet.stdout).items[0]).toMatchObject({ pumpId: 'P1', status: 'upcoming', dueAtMs });
    const due = run('remind', '--at', at(dueAtMs - 86_400_000), '--json');
    expect(due.status).toBe(1);
    expect(JSON.parse(due.stdout).counts).toEqual({ overdue: 0, due: 1, upcoming: 0, acknowledged: 0 });
    const overdue = run('remind', '--at', at(dueAtMs + 3_600_000), '--json');
    expect(overdue.status).toBe(2);
    expect(JSON.parse(overdue.stdout).items[0].status).toBe('overdue');

    const ics = join(dir, 'refills.ics');
    const exported = run('remind', '--at', at(dueAtMs - 10 * 86_400_000), '--ics', ics);
    expect(exported.status).toBe(0);
    const first = readFileSync(ics, 'utf8');
    expect(run('remind', '--at', at(dueAtMs - 9 * 86_400_000), '--ics', ics).status).toBe(0);
    const second = readFileSync(ics, 'utf8');
    const uids = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('uid'));
    expect(uids(first)).toEqual(['P1.fill-2.refill@haipump']);
    expect(uids(second)).toEqual(uids(first));

    // Acknowledging silences "due" (exit 0), never "overdue".
    expect(run('remind', '--at', at(dueAtMs - 86_400_000), '--ack', 'P1').status).toBe(0);
    expect(run('remind', '--at', at(dueAtMs + 1000)).status).toBe(2);

    const shown = run('pump', 'show', 'P1', '--json');
    expect(shown.status).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ pump: { id: 'P1', label: 'bench A' }, fills: [{ id: 2 }, { id: 1 }], drains: [{ fillId: 1 }] });
    expect(rows(db)).toMatchObject({ pumps: 1, fills: 2, refills: 1, acknowledgements: 1 });
  });

  it('bad input: one line on stderr, exit 2, nothing written', () => {
    const bad = join(dir, 'bad.db');
    const b = (...args: string[]) => haipump([...args, '--db', bad, ...TZ]);
    expect(b('pump', 'add', 'P', '--label', 'x').status).toBe(0);
    expect(b('fill', 'P', '--infusate', 'saline', '--volume-ml', '30', '--at', '2026-03-01T09:00').status).toBe(0);
    const before = rows(bad);
    const cases: [string[], RegExp][] = [
      [['fill', 'NOPE', '--infusate', 'saline', '--volume-ml', '10'], /unknown pump "NOPE"/],
      [['refill', 'P', '--returned-ml', '31', '--at', '2026-03-10T09:00'], /more than the 30 mL/],
      [['refill', 'P', '--returned-ml', '15', '--at', '2026-03-15T09:00', '--infusate', 'saline', '--volume-ml', '30'], /exceeds the 30 mL reservoir/],
      [['refill', 'P', '--returned-ml', '15', '--at', '2099-01-01T09:00'], /future/],
      [['refill', 'P', '--returned-ml', '15', '--at', 'last tuesday'], /malformed time/],
      [['refill', 'P', '--returned-ml', '15', '--at', '2026-03-08T02:30'], /does not exist/],
      [['refill', 'P', '--returned-ml', 'lots'], /returnedMl/],
      [['fill', 'P', '--infusate', 'whisky', '--volume-ml', '5'], /infusate/],
      [['refill', 'P', '--returned-ml', '1', '--bogus'], /unknown option/],
      [['pump', 'add', 'Q', '--profile', 'acme-9000'], /no pump profile/],
      [['pump', 'show', 'NOPE'], /unknown pump/],
    ];
    for (const [args, message] of cases) {
      const result = b(...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stdout).toBe('');
    }
    expect(rows(bad)).toEqual(before);
  });

  it("remind's own errors exit 3, apart from its 1 (due) and 2 (overdue)", () => {
    const db3 = join(dir, 'remind.db');
    for (const args of [['remind', '--at', 'soon'], ['remind', '--within', '-1'], ['remind', '--bogus'], ['remind', '--tz', 'Mars/Olympus'], ['remind', '--ack', 'NOPE']]) {
      const result = haipump([...args, '--db', db3]);
      expect(result.status, args.join(' ')).toBe(3);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(db3)).toBe(true);
  });
});
