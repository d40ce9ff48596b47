import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, describe, expect, it } from 'vitest';
import { countRows, openStore } from '../../src/store/index.ts';
import { runCli, runInProcess } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'haipump-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TZ = ['--tz', 'America/New_York'];

function rows(db: string): ReturnType<typeof countRows> {
  const store = openStore(db, { mode: 'read' });
  try {
    return countRows(store);
  } finally {
    store.close();
  }
}

const oneLine = (text: string): string[] => text.trimEnd().split('\n');
/** A command line's arguments, none of which holds a space. */
const words = (line: string): string[] => line.split(' ');

describe('haipump pump/fill/refill/remind (the whole program, in this process)', () => {
  const db = join(dir, 'session.db');
  const run = (...args: string[]) => runInProcess([...args, '--db', db, ...TZ]);

  it('a session from an empty database, with remind exit codes 0, 1, 2 and an .ics', async () => {
    const added = await run('pump', 'add', 'P1', '--label', 'bench A', '--implanted', '2026-02-20');
    expect(added.status, added.stderr).toBe(0);
    // Human output names the database once.
    expect(added.stdout.split(db)).toHaveLength(2);
    const filled = await run(
      ...words('fill P1 --infusate fudr --volume-ml 30 --dose-mg-per-kg-day 0.12 --weight-kg 70 --at 2026-03-01T09:00 --json'),
    );
    expect(filled.status, filled.stderr).toBe(0);
    const f = JSON.parse(filled.stdout);
    expect(f.fill).toMatchObject({
      at: '2026-03-01T09:00:00-05:00',
      atMs: Date.parse('2026-03-01T14:00:00Z'),
      volumeMl: 30,
      infusate: 'fudr',
    });
    expect(f.recipe.fudrMg).toBeCloseTo(259.2, 6);
    expect(f.next).toMatchObject({ reason: 'drug-phase-end', dueAt: '2026-03-15T10:00:00-04:00' });

    const refilled = await run(
      ...words('refill P1 --returned-ml 15.6 --at 2026-03-15T09:00 --infusate heparinized-saline --volume-ml 29 --json'),
    );
    expect(refilled.status, refilled.stderr).toBe(0);
    const r = JSON.parse(refilled.stdout);
    // (30 − 1 − 15.6) mL over 13.958 days (the DST night is 23 h long).
    expect(r.drain.measuredFlowMlPerDay).toBeCloseTo(13.4 / (335 / 24), 9);
    expect(r.drain.level).toBe('ok');
    expect(r.fill.prediction.basis).toBe('measured');
    const dueAtMs: number = r.fill.next.dueAtMs;

    const at = (ms: number) => new Date(ms).toISOString();
    const quiet = await run('remind', '--at', at(dueAtMs - 10 * 86_400_000), '--json');
    expect(quiet.status).toBe(0);
    expect(JSON.parse(quiet.stdout).items[0]).toMatchObject({ pumpId: 'P1', status: 'upcoming', dueAtMs });
    const due = await run('remind', '--at', at(dueAtMs - 86_400_000), '--json');
    expect(due.status).toBe(1);
    expect(JSON.parse(due.stdout).counts).toEqual({ overdue: 0, due: 1, upcoming: 0, acknowledged: 0 });
    const overdue = await run('remind', '--at', at(dueAtMs + 3_600_000), '--json');
    expect(overdue.status).toBe(2);
    expect(JSON.parse(overdue.stdout).items[0].status).toBe('overdue');
    const text = await run('remind', '--at', at(dueAtMs + 3_600_000));
    expect(text.stdout.split(db)).toHaveLength(2);

    const ics = join(dir, 'refills.ics');
    const exported = await run('remind', '--at', at(dueAtMs - 10 * 86_400_000), '--ics', ics);
    expect(exported.status).toBe(0);
    const first = readFileSync(ics, 'utf8');
    expect((await run('remind', '--at', at(dueAtMs - 9 * 86_400_000), '--ics', ics)).status).toBe(0);
    const second = readFileSync(ics, 'utf8');
    const uids = (t: string) => new ICAL.Component(ICAL.parse(t)).getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('uid'));
    expect(uids(first)).toEqual(['P1.fill-2.refill@haipump']);
    expect(uids(second)).toEqual(uids(first));

    // Acknowledging silences "due" (exit 0), never "overdue".
    expect((await run('remind', '--at', at(dueAtMs - 86_400_000), '--ack', 'P1')).status).toBe(0);
    expect((await run('remind', '--at', at(dueAtMs + 1000))).status).toBe(2);

    const shown = await run('pump', 'show', 'P1', '--json');
    expect(shown.status).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      pump: { id: 'P1', label: 'bench A' },
      fills: [{ id: 2 }, { id: 1 }],
      drains: [{ fillId: 1 }],
    });
    expect(rows(db)).toMatchObject({ pumps: 1, fills: 2, refills: 1, acknowledgements: 1 });
  });

  it('bad input: one line on stderr naming the flag as typed, exit 2, nothing written', async () => {
    const bad = join(dir, 'bad.db');
    const b = (...args: string[]) => runInProcess([...args, '--db', bad, ...TZ]);
    expect((await b('pump', 'add', 'P', '--label', 'x')).status).toBe(0);
    expect((await b('fill', 'P', '--infusate', 'saline', '--volume-ml', '30', '--at', '2026-03-01T09:00')).status).toBe(0);
    const before = rows(bad);
    const cases: [string[], RegExp | string][] = [
      [['fill', 'NOPE', '--infusate', 'saline', '--volume-ml', '10'], /unknown pump "NOPE"/],
      [['refill', 'P', '--returned-ml', '31', '--at', '2026-03-10T09:00'], /more than the 30 mL/],
      [
        ['refill', 'P', '--returned-ml', '15', '--at', '2026-03-15T09:00', '--infusate', 'saline', '--volume-ml', '30'],
        /exceeds the 30 mL reservoir/,
      ],
      [['refill', 'P', '--returned-ml', '15', '--at', '2099-01-01T09:00'], /future/],
      [['refill', 'P', '--returned-ml', '15', '--at', 'last tuesday'], /malformed time/],
      [['refill', 'P', '--returned-ml', '15', '--at', '2026-03-08T02:30'], /does not exist/],
      [['refill', 'P', '--returned-ml', 'lots'], 'haipump: --returned-ml: expected a number, got "lots"'],
      [['refill', 'P', '--returned-ml', '-2'], 'haipump: --returned-ml: must be at least 0 mL, got -2'],
      [['fill', 'P', '--infusate', 'whisky', '--volume-ml', '5'], /^haipump: --infusate: must be one of .*, got "whisky"$/],
      [['refill', 'P', '--returned-ml', '1', '--bogus'], "haipump: unknown option '--bogus'"],
      [['pump', 'add', 'Q', '--profile', 'acme-9000'], /no pump profile/],
      [['pump', 'show', 'NOPE'], /unknown pump/],
    ];
    for (const [args, message] of cases) {
      const result = await b(...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(oneLine(result.stderr), args.join(' ')).toHaveLength(1);
      if (typeof message === 'string') expect(result.stderr.trimEnd(), args.join(' ')).toBe(message);
      else expect(result.stderr.trimEnd(), args.join(' ')).toMatch(message);
      expect(result.stdout).toBe('');
    }
    expect(rows(bad)).toEqual(before);
  });

  it("remind's own errors exit 3, apart from its 1 (due) and 2 (overdue)", async () => {
    const db3 = join(dir, 'remind.db');
    expect((await runInProcess(['db', 'init', '--db', db3])).status).toBe(0);
    for (const args of [
      ['remind', '--at', 'soon'],
      ['remind', '--within', '-1'],
      ['remind', '--bogus'],
      ['remind', '--tz', 'Mars/Olympus'],
      ['remind', '--ack', 'NOPE'],
      ['remind', '--alarm-hours', '24,x'],
    ]) {
      const result = await runInProcess([...args, '--db', db3]);
      expect(result.status, args.join(' ')).toBe(3);
      expect(oneLine(result.stderr)).toHaveLength(1);
    }
    expect((await runInProcess(['remind', '--alarm-hours', '24,x', '--db', db3])).stderr).toBe(
      'haipump: --alarm-hours: expected numbers separated by commas, got "24,x"\n',
    );
  });
});

describe('the store never invents an empty database', () => {
  it('every command but pump add and db init refuses a missing file, naming it, and creates nothing', async () => {
    const missing = join(dir, 'typo.db');
    const cases: [string[], number][] = [
      [['remind'], 3],
      [['remind', '--ack', 'P'], 3],
      [['pump', 'list'], 2],
      [['pump', 'show', 'P'], 2],
      [['fill', 'P', '--infusate', 'saline', '--volume-ml', '10'], 2],
      [['refill', 'P', '--returned-ml', '10'], 2],
      [['labs', 'P', '--ast', '30'], 2],
      [['runs', 'list'], 2],
      [['runs', 'show', '1'], 2],
      [['runs', 'export', '1'], 2],
    ];
    for (const [args, code] of cases) {
      const result = await runInProcess([...args, '--db', missing]);
      expect(result.status, args.join(' ')).toBe(code);
      expect(result.stderr, args.join(' ')).toBe(`haipump: no database at ${missing} (make one with: haipump db init --db ${missing})\n`);
      expect(existsSync(missing), args.join(' ')).toBe(false);
    }
    // Not even through $HAIPUMP_DB.
    const env = process.env.HAIPUMP_DB;
    process.env.HAIPUMP_DB = missing;
    try {
      expect((await runInProcess(['remind'])).status).toBe(3);
    } finally {
      if (env === undefined) delete process.env.HAIPUMP_DB;
      else process.env.HAIPUMP_DB = env;
    }
    expect(existsSync(missing)).toBe(false);
    const init = await runInProcess(['db', 'init', '--db', missing]);
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toBe(`database: ${missing} (created), schema version 2\n`);
    expect((await runInProcess(['remind', '--db', missing])).status).toBe(0);
    expect((await runInProcess(['db', 'init', '--db', missing])).stdout).toBe(`database: ${missing} (already there), schema version 2\n`);
  });

  it('a real process: remind --db does-not-exist.db exits 3 and leaves no file', () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    const file = join(cwd, 'does-not-exist.db');
    const result = runCli(['remind', '--db', file]);
    expect(result.status).toBe(3);
    expect(oneLine(result.stderr)).toEqual([`haipump: no database at ${file} (make one with: haipump db init --db ${file})`]);
    expect(existsSync(file)).toBe(false);
  });
});
