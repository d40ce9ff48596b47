import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MS_PER_DAY } from '../../src/model/index.ts';
import { acknowledge, addPump, countRows, fill, loadSnapshots, recordLab, refill, remindFromStore } from '../../src/store/index.ts';
import { MIGRATIONS, openStore, resolveDbPath, schemaVersion, StoreError, StoreInputError } from '../../src/store/index.ts';
import type { Db, RefillInput } from '../../src/store/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'haipump-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): Db => openStore(join(dir, `s${n++}.db`));
const NOW = Date.UTC(2026, 5, 1);
const T0 = Date.UTC(2026, 2, 1, 14);

describe('opening', () => {
  it('resolves --db, then HAIPUMP_DB, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(resolveDbPath('x.db', { HAIPUMP_DB: 'y.db' }, '/home/u')).toMatchObject({ path: 'x.db', source: '--db', createDir: false });
    expect(resolveDbPath(undefined, { HAIPUMP_DB: 'y.db', XDG_DATA_HOME: '/d' }, '/home/u')).toMatchObject({
      path: 'y.db',
      source: 'HAIPUMP_DB',
    });
    expect(resolveDbPath(undefined, { XDG_DATA_HOME: '/d' }, '/home/u')).toMatchObject({ path: '/d/haipump/haipump.db', createDir: true });
    expect(resolveDbPath(undefined, { XDG_DATA_HOME: 'relative' }, '/home/u').path).toBe('/home/u/.local/share/haipump/haipump.db');
  });

  it('creates the default data directory, uses WAL and a busy timeout, and migrates once', () => {
    const path = join(dir, 'xdg', 'haipump', 'haipump.db');
    const db = openStore(path, { createDir: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
    const again = openStore(path);
    expect(again.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    again.close();
  });

  it('applies a later migration on the next open, and refuses a file newer than it knows', () => {
    const path = join(dir, 'mig.db');
    openStore(path).close();
    const next = [...MIGRATIONS, { version: 99, name: 'test table', sql: 'CREATE TABLE migration_probe (id INTEGER PRIMARY KEY) STRICT;' }];
    const db = openStore(path, { migrations: next });
    expect(schemaVersion(db)).toBe(99);
    db.close();
    expect(() => openStore(path)).toThrow(/newer than this haipump/);
  });

  it('validates rows read back', () => {
    const db = fresh();
    addPump(db, { id: 'P', profile: 'codman-3000-30ml' }, NOW);
    fill(db, { pumpId: 'P', atMs: T0, infusate: 'saline', volumeMl: 30 }, NOW);
    db.prepare("UPDATE fills SET infusate = 'whisky'").run();
    expect(() => loadSnapshots(db)).toThrow(StoreError);
    db.close();
  });
});

describe('records', () => {
  it('fill → refill+fill → remind, with the predicted flow taken from the measured one', () => {
    const db = fresh();
    addPump(db, { id: 'P1', profile: 'codman-3000-30ml', label: 'rig 1' }, NOW);
    const first = fill(db, { pumpId: 'P1', atMs: T0, infusate: 'fudr', volumeMl: 30, doseMgPerKgDay: 0.12, weightKg: 70 }, NOW);
    expect(first.prediction.basis).toBe('nominal');
    // FUDR = 0.12 × 70 × 30 / (0.7/0.72) = 259.2 mg
    expect(first.recipe?.fudrMg).toBeCloseTo(259.2, 9);
    const r = refill(
      db,
      { pumpId: 'P1', atMs: T0 + 14 * MS_PER_DAY, returnedMl: 15.4, fill: { infusate: 'heparinized-saline', volumeMl: 29 } },
      NOW,
    );
    // (30 − 1 − 15.4) / 14 = 0.9714 mL/day of fudr; as heparinized saline ×0.72/0.70 = 0.9992.
    expect(r.outcome.measuredFlowMlPerDay).toBeCloseTo(13.6 / 14, 12);
    expect(r.fill?.prediction).toMatchObject({ basis: 'measured', measurements: 1 });
    expect(r.fill?.prediction.flowMlPerDay).toBeCloseTo((13.6 / 14) * (0.72 / 0.7), 12);
    expect(r.fill?.fill.content_ml).toBe(30);
    const report = remindFromStore(db, { atMs: T0 + 15 * MS_PER_DAY, withinMs: 3 * MS_PER_DAY });
    expect(report.items).toHaveLength(1);
    expect(report.items[0]).toMatchObject({ pumpId: 'P1', kind: 'refill', reason: 'reserve', status: 'upcoming' });
    expect(countRows(db)).toMatchObject({ pumps: 1, fills: 2, refills: 1 });
    db.close();
  });

  it('applies the liver-test dose reduction to the next drug fill, and holds when the tests say so', () => {
    const db = fresh();
    addPump(db, { id: 'L', profile: 'codman-3000-30ml' }, NOW);
    recordLab(db, { pumpId: 'L', atMs: T0 - MS_PER_DAY, bilirubinMgPerDl: 0.8 }, NOW);
    fill(db, { pumpId: 'L', atMs: T0, infusate: 'fudr', volumeMl: 30, doseMgPerKgDay: 0.2, weightKg: 70 }, NOW);
    refill(db, { pumpId: 'L', atMs: T0 + 14 * MS_PER_DAY, returnedMl: 15, fill: { infusate: 'heparinized-saline', volumeMl: 29 } }, NOW);
    refill(db, { pumpId: 'L', atMs: T0 + 28 * MS_PER_DAY, returnedMl: 15 }, NOW);
    recordLab(db, { pumpId: 'L', atMs: T0 + 27 * MS_PER_DAY, bilirubinMgPerDl: 1.04 }, NOW); // 1.3× → 50 %
    const reduced = fill(
      db,
      { pumpId: 'L', atMs: T0 + 28 * MS_PER_DAY, infusate: 'fudr', volumeMl: 29, doseMgPerKgDay: 0.2, weightKg: 70 },
      NOW,
    );
    expect(reduced.recipe?.doseMgPerKgDay).toBeCloseTo(0.1, 12);
    expect(reduced.labs?.ratios.bilirubinRatio).toBe(1.3);
    db.close();
  });

  it('acknowledgements are stored once', () => {
    const db = fresh();
    addPump(db, { id: 'A', profile: 'codman-3000-30ml' }, NOW);
    expect(acknowledge(db, 'A', 'refill', 123, NOW)).toBe(true);
    expect(acknowledge(db, 'A', 'refill', 123, NOW + 1)).toBe(false);
    expect(countRows(db).acknowledgements).toBe(1);
    db.close();
  });
});

describe('bad input: refused, nothing written', () => {
  const setup = (): Db => {
    const db = fresh();
    addPump(db, { id: 'P', profile: 'codman-3000-30ml', implantedAtMs: T0 - 10 * MS_PER_DAY }, NOW);
    fill(db, { pumpId: 'P', atMs: T0, infusate: 'heparinized-saline', volumeMl: 30 }, NOW);
    return db;
  };
  /** Drains P after 14 days (15 mL back) and fills it again in the same call. */
  const drainAndFill = (db: Db, next: NonNullable<RefillInput['fill']>) =>
    refill(db, { pumpId: 'P', atMs: T0 + 14 * MS_PER_DAY, returnedMl: 15, fill: next }, NOW);
  const cases: [string, (db: Db) => unknown, RegExp][] = [
    ['unknown pump (fill)', (db) => fill(db, { pumpId: 'nope', atMs: T0, infusate: 'saline', volumeMl: 10 }, NOW), /unknown pump "nope"/],
    ['unknown pump (refill)', (db) => refill(db, { pumpId: 'nope', atMs: T0 + MS_PER_DAY, returnedMl: 1 }, NOW), /unknown pump/],
    ['returned more than filled', (db) => refill(db, { pumpId: 'P', atMs: T0 + MS_PER_DAY, returnedMl: 31 }, NOW), /more than the 30 mL/],
    ['fill over capacity', (db) => drainAndFill(db, { infusate: 'saline', volumeMl: 30 }), /exceeds the 30 mL reservoir/],
    ['fill in the future', (db) => refill(db, { pumpId: 'P', atMs: NOW + MS_PER_DAY, returnedMl: 15 }, NOW), /future/],
    [
      'fill on an undrained pump',
      (db) => fill(db, { pumpId: 'P', atMs: T0 + MS_PER_DAY, infusate: 'saline', volumeMl: 10 }, NOW),
      /record the drain first/,
    ],
    ['drain before the fill', (db) => refill(db, { pumpId: 'P', atMs: T0 - 1, returnedMl: 15 }, NOW), /after the fill/],
    [
      'recipe out of range, after a valid drain in the same transaction',
      (db) => drainAndFill(db, { infusate: 'fudr', volumeMl: 29, doseMgPerKgDay: 5, weightKg: 70 }),
      /recipe: doseMgPerKgDay/,
    ],
    [
      'dose on a saline fill',
      (db) => drainAndFill(db, { infusate: 'saline', volumeMl: 29, doseMgPerKgDay: 0.1, weightKg: 70 }),
      /fudr fills only/,
    ],
    ['duplicate pump id', (db) => addPump(db, { id: 'P', profile: 'codman-3000-30ml' }, NOW), /already exists/],
    ['bad pump id', (db) => addPump(db, { id: 'a b', profile: 'codman-3000-30ml' }, NOW), /invalid pump id/],
    ['unknown profile', (db) => addPump(db, { id: 'Q', profile: 'acme-9000' }, NOW), /no pump profile "acme-9000"/],
    [
      'implanted in the future',
      (db) => addPump(db, { id: 'Q', profile: 'codman-3000-30ml', implantedAtMs: NOW + MS_PER_DAY }, NOW),
      /future/,
    ],
  ];
  for (const [name, act, message] of cases) {
    it(name, () => {
      const db = setup();
      const before = countRows(db);
      expect(() => act(db)).toThrow(StoreInputError);
      expect(() => act(db)).toThrow(message);
      expect(countRows(db)).toEqual(before);
      db.close();
    });
  }

  it('a fill before the implant date is refused', () => {
    const db = fresh();
    addPump(db, { id: 'P', profile: 'codman-3000-30ml', implantedAtMs: T0 }, NOW);
    expect(() => fill(db, { pumpId: 'P', atMs: T0 - MS_PER_DAY, infusate: 'saline', volumeMl: 30 }, NOW)).toThrow(/implanted/);
    expect(countRows(db).fills).toBe(0);
    db.close();
  });

  it('a raw connection sees the same: nothing half-written after a refused refill+fill', () => {
    const path = join(dir, 'raw.db');
    const db = openStore(path);
    addPump(db, { id: 'P', profile: 'codman-3000-30ml' }, NOW);
    fill(db, { pumpId: 'P', atMs: T0, infusate: 'saline', volumeMl: 30 }, NOW);
    expect(() =>
      refill(db, { pumpId: 'P', atMs: T0 + 14 * MS_PER_DAY, returnedMl: 15, fill: { infusate: 'saline', volumeMl: 40 } }, NOW),
    ).toThrow();
    db.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM refills').get()).toEqual({ n: 0 });
    raw.close();
  });
});
