/**
 * Read-only databases serve every read command, and writes through temporary files leave nothing
 * behind. Permissions do not bind root, so where the suite runs as root the read-only cases run
 * the real bin as `nobody` (uid 65534); as any other user, chmod alone makes them read-only.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore, schemaVersion } from '../../src/store/index.ts';
import { insertRun } from '../../src/store/runs/index.ts';
import { runInProcess } from '../support/cli.ts';

const CHILD = fileURLToPath(new URL('../cli/fixtures/store-cli-child.ts', import.meta.url));
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

const dir = mkdtempSync(join(tmpdir(), 'haipump-ro-'));
// mkdtemp makes the directory 0700: the reader must be able to enter it.
chmodSync(dir, 0o755);
afterAll(() => {
  chmodSync(dir, 0o755);
  for (const sub of readdirSync(dir)) {
    try {
      chmodSync(join(dir, sub), 0o755);
    } catch {
      // a file already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The program in a process of a user the permissions bind (nobody under root), one process for
 * all `commands` (each tsx start-up costs about a second on a busy machine).
 */
function asReader(commands: string[][]): Promise<Run[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(commands)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HAIPUMP_DB: '' },
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => {
      if (status !== 0) reject(new Error(`child exited ${status}: ${stderr}`));
      else resolve(JSON.parse(stdout) as Run[]);
    });
  });
}

const AT = ['--at', '2026-03-10T09:00:00Z', '--tz', 'UTC'];
const listing = (path: string): string[] => readdirSync(path).sort();

/** A database with a pump, a fill and one stored accuracy run, closed cleanly (no -wal left). */
async function makeDatabase(path: string): Promise<void> {
  expect((await runInProcess(['pump', 'add', 'P1', '--db', path, '--label', 'rig'])).status).toBe(0);
  expect(
    (await runInProcess(['fill', 'P1', '--db', path, '--infusate', 'saline', '--volume-ml', '30', '--at', '2026-03-01T09:00:00Z'])).status,
  ).toBe(0);
  const db = openStore(path, { mode: 'write' });
  insertRun(db, {
    startedAtMs: Date.parse('2026-03-02T10:00:00Z'),
    pump: 'ne1000:/dev/ttyUSB0',
    balance: 'mtsics:/dev/ttyUSB1',
    rateMlPerH: 10,
    minutes: 2,
    intervalS: 30,
    speed: 1,
    densityGPerMl: 0.99821,
    overallErrorPct: 1.5,
    outDir: null,
    result: { overallErrorPct: 1.5 },
    samples: [
      { atS: 0, massG: 0, stable: true },
      { atS: 30, massG: 0.083, stable: true },
    ],
  });
  db.close();
  expect(existsSync(`${path}-wal`)).toBe(false);
}

const READS = (db: string): string[][] => [
  ['pump', 'list', '--db', db, '--json', ...AT],
  ['pump', 'show', 'P1', '--db', db, '--json', ...AT],
  ['remind', '--db', db, '--json', ...AT],
  ['runs', 'list', '--db', db, '--json'],
  ['runs', 'show', '1', '--db', db, '--json'],
  ['runs', 'export', '1', '--db', db],
];

describe('a read-only database serves every read command', () => {
  const lockedDir = join(dir, 'locked');
  const lockedDb = join(lockedDir, 'x.db');
  const ownDir = join(dir, 'own');
  const ownDb = join(ownDir, 'x.db');
  let expected: Run[] = [];
  let bytes: Buffer;

  beforeAll(async () => {
    mkdirSync(lockedDir);
    mkdirSync(ownDir);
    await makeDatabase(lockedDb);
    copyFileSync(lockedDb, ownDb);
    // The oracle: the same reads by the owner on the writable original.
    expected = [];
    for (const args of READS(lockedDb)) expected.push(await runInProcess(args));
    bytes = readFileSync(lockedDb);
    // A read-only file in a read-only directory (as on a read-only mount): nothing can be created next to it.
    chmodSync(lockedDb, 0o444);
    chmodSync(lockedDir, 0o555);
    // A read-only file in a directory the reader owns (chmod 444 x.db).
    if (asRoot) chownSync(ownDir, NOBODY, NOBODY);
    chmodSync(ownDb, 0o444);
  });

  for (const [label, db] of [
    ['file 444 in a read-only directory', lockedDb],
    ['file 444 in a directory the reader may write', ownDb],
  ] as const) {
    it(`${label}: pump list, pump show, remind, runs list, runs show, runs export`, async () => {
      const results = await asReader(READS(db));
      results.forEach((result, i) => {
        const want = expected[i];
        expect(result.stderr, READS(db)[i]?.join(' ')).toBe('');
        expect(result.status).toBe(want?.status);
        expect(result.stdout).toBe(want?.stdout);
      });
      expect(readFileSync(db).equals(bytes)).toBe(true);
    });
  }

  it('a write to a read-only database is refused in one line, and the file is unchanged', async () => {
    const [result] = await asReader([['labs', 'P1', '--db', lockedDb, '--ast', '30']]);
    expect(result?.status).toBe(4);
    expect(result?.stderr).toBe(`haipump: database ${lockedDb} is read-only, and this command writes to it\n`);
    expect(readFileSync(lockedDb).equals(bytes)).toBe(true);
  });

  it('a read never migrates: an older schema is refused with what to do, and left as it was', async () => {
    const old = join(dir, 'old.db');
    openStore(old, { migrations: MIGRATIONS.slice(0, 1) }).close();
    const before = readFileSync(old);
    const listed = await runInProcess(['pump', 'list', '--db', old]);
    expect(listed.status).toBe(2);
    expect(listed.stderr).toBe(
      `haipump: database ${old} has schema version 1; this haipump reads version 2: upgrade the file with haipump db init --db ${old}\n`,
    );
    expect((await runInProcess(['remind', '--db', old])).status).toBe(3);
    expect(readFileSync(old).equals(before)).toBe(true);
    const upgraded = await runInProcess(['db', 'init', '--db', old]);
    expect(upgraded.stdout).toBe(`database: ${old} (already there), schema version 2\n`);
    const db = openStore(old, { mode: 'read' });
    expect(schemaVersion(db)).toBe(2);
    db.close();
  });

  it('a file that is not a haipump database is refused, never written', async () => {
    const foreign = join(dir, 'foreign.db');
    const db = openStore(foreign, { migrations: [] });
    db.exec('DROP TABLE schema_migrations; CREATE TABLE notes (text TEXT)');
    db.close();
    const before = readFileSync(foreign);
    for (const args of [
      ['pump', 'list'],
      ['pump', 'add', 'P'],
      ['fill', 'P', '--infusate', 'saline', '--volume-ml', '5'],
    ]) {
      const result = await runInProcess([...args, '--db', foreign]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^haipump: ${foreign} is not a haipump database`));
    }
    expect(readFileSync(foreign).equals(before)).toBe(true);
  });
});

describe('writes through a temporary file leave nothing behind on error', () => {
  it('remind --ics DIR, runs export --out DIR, trumpet --svg DIR: refused, no stray file in DIR or its parent', async () => {
    const parent = join(dir, 'out');
    const target = join(parent, 'target');
    mkdirSync(target, { recursive: true });
    const db = join(parent, 'x.db');
    await makeDatabase(db);
    const before = { parent: listing(parent), target: listing(target) };
    const ics = await runInProcess(['remind', '--db', db, '--ics', target, ...AT]);
    expect(ics.status).toBe(3);
    expect(ics.stderr).toBe(`haipump: --ics ${target}: is a directory; give a file name\n`);
    const exported = await runInProcess(['runs', 'export', '1', '--db', db, '--out', target]);
    expect(exported.status).toBe(2);
    expect(exported.stderr).toBe(`haipump: --out ${target}: is a directory; give a file name\n`);
    const csv = fileURLToPath(new URL('../fixtures/gravimetric-1mlh.csv', import.meta.url));
    const svg = await runInProcess(['trumpet', csv, '--rate', '1', '--svg', target]);
    expect(svg.status).toBe(2);
    const nowhere = await runInProcess(['remind', '--db', db, '--ics', join(parent, 'no-such-dir', 'r.ics'), ...AT]);
    expect(nowhere.status).toBe(3);
    expect({ parent: listing(parent), target: listing(target) }).toEqual(before);
  });

  it('a write the directory refuses (not writable for the user) leaves nothing either', async () => {
    const parent = join(dir, 'out-ro');
    mkdirSync(parent);
    const db = join(dir, 'out-ro.db');
    await makeDatabase(db);
    chmodSync(parent, 0o555);
    const [result] = await asReader([['remind', '--db', db, '--ics', join(parent, 'r.ics'), ...AT]]);
    expect(result?.status).toBe(3);
    expect(result?.stderr).toMatch(new RegExp(`^haipump: --ics ${join(parent, 'r.ics')}: cannot write \\(EACCES`));
    expect(listing(parent)).toEqual([]);
  });
});
