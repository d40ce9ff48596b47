/**
 * The server's safety rules, over real HTTP on the loopback: the token on every request, loopback
 * by default, read-only unless told, one-line 4xx reasons, a fixed asset table, validated
 * publishing, and live updates that many tabs can watch and any tab can leave.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, type RunningDashboard } from '../../src/dashboard/index.ts';

const TOKEN = 'test-token-0123456789abcdef';

let readOnly: RunningDashboard;
let control: RunningDashboard;

beforeAll(async () => {
  readOnly = await startDashboard({ dbPath: '/nonexistent/haipump.db', timeZone: 'UTC', token: TOKEN });
  control = await startDashboard({ dbPath: '/nonexistent/haipump.db', timeZone: 'UTC', token: TOKEN, allowControl: true });
});
afterAll(async () => {
  await readOnly.close();
  await control.close();
});

interface Reply {
  status: number;
  body: string;
  type: string | undefined;
}

async function get(d: RunningDashboard, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await fetch(new URL(path, d.url), { headers });
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') ?? undefined };
}

async function post(d: RunningDashboard, path: string, body: unknown, type = 'application/json'): Promise<Reply> {
  const response = await fetch(new URL(path, d.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') ?? undefined };
}

const auth = { authorization: `Bearer ${TOKEN}` };

/** A 4xx is one line of text that names the problem, and no stack trace. */
function expectOneLineReason(reply: Reply, status: number, mentions: RegExp): void {
  expect(reply.status).toBe(status);
  expect(reply.type).toMatch(/^text\/plain/);
  expect(reply.body.trimEnd().split('\n')).toHaveLength(1);
  expect(reply.body).toMatch(mentions);
  expect(reply.body).not.toMatch(/\bat .+:\d+:\d+/);
}

describe('haipump dashboard server', () => {
  it('binds the loopback by default, and prints the token in its URL', () => {
    expect(readOnly.host).toBe('127.0.0.1');
    expect(readOnly.urlWithToken).toBe(`http://127.0.0.1:${readOnly.port}/?token=${TOKEN}`);
  });

  it('refuses every path without the token, or with a wrong one, with 401', async () => {
    for (const path of ['/', '/api/status', '/api/lifecycle', '/assets/app.js', '/api/events', '/calendar.ics', '/no/such/path']) {
      expectOneLineReason(await get(readOnly, path), 401, /token/);
      expectOneLineReason(await get(readOnly, `${path}?token=${TOKEN}x`), 401, /token/);
      expectOneLineReason(await get(readOnly, path, { authorization: 'Bearer wrong' }), 401, /token/);
    }
    // A token of the right length but other bytes is refused too (the comparison is constant-time, not a prefix test).
    expect((await get(readOnly, `/api/status?token=${'x'.repeat(TOKEN.length)}`)).status).toBe(401);
  });

  it('serves the page and its assets from the installed packages with the token (query or bearer)', async () => {
    const page = await get(readOnly, `/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`content="${TOKEN}"`);
    // No asset comes from a CDN: every script and stylesheet is a path on this server.
    for (const match of page.body.matchAll(/(?:src|href)="([^"]+)"/g)) expect(match[1]).toMatch(/^(\/assets\/|\/calendar\.ics$|#|data:)/);
    for (const name of ['app.js', 'style.css', 'vega.min.js', 'vega-lite.min.js']) {
      const asset = await get(readOnly, `/assets/${name}`, auth);
      expect(asset.status, name).toBe(200);
      expect(asset.body.length, name).toBeGreaterThan(100);
    }
  });

  it('serves only the files of its asset table: no path walks out of it', async () => {
    for (const path of ['/assets/..%2Fpackage.json', '/assets/%2E%2E%2F%2E%2E%2Fpackage.json', '/assets/index.html', '/assets/']) {
      const reply = await get(readOnly, path, auth);
      expect([404], path).toContain(reply.status);
    }
  });

  it('tells an unknown path (404) from a wrong method (405), in one line', async () => {
    expectOneLineReason(await get(readOnly, '/api/nothing', auth), 404, /\/api\/nothing/);
    expectOneLineReason(await post(readOnly, '/api/status', {}), 405, /POST not allowed/);
  });

  it('is read-only unless started with allowControl: start, stop and acknowledge get 403', async () => {
    expectOneLineReason(await post(readOnly, '/api/lifecycle/simulations', { scenario: 'tour' }), 403, /--allow-control/);
    expectOneLineReason(await post(readOnly, '/api/lifecycle/stop', {}), 403, /--allow-control/);
    expectOneLineReason(await post(readOnly, '/api/lifecycle/ack', { code: 'ALL' }), 403, /--allow-control/);
  });

  it('refuses bad request bodies with a 4xx that names the problem', async () => {
    expectOneLineReason(await post(control, '/api/lifecycle/simulations', '{not json'), 400, /not JSON/);
    expectOneLineReason(await post(control, '/api/lifecycle/simulations', { scenario: 'tour' }, 'text/plain'), 415, /application\/json/);
    expectOneLineReason(await post(control, '/api/lifecycle/simulations', { scenario: 'no-such' }), 400, /no built-in scenario "no-such"/);
    expectOneLineReason(await post(control, '/api/lifecycle/simulations', { scenario: 'tour', speed: -1 }), 400, /speed/);
    expectOneLineReason(await post(control, '/api/lifecycle/simulations', { scenario: 'tour', bogus: 1 }), 400, /bogus/);
    expectOneLineReason(
      await post(control, '/api/lifecycle/simulations', { upload: { name: 'mine.yaml', text: 'steps: [ { day: x' } }),
      400,
      /mine\.yaml: not valid YAML/,
    );
    expectOneLineReason(await post(control, '/api/publish', { messages: [{ type: 'sample', runKey: 'nope' }] }), 400, /message 1/);
    expectOneLineReason(
      await post(control, '/api/publish', {
        messages: [{ type: 'lifecycle-end', key: 'never-started', status: 'done', atMs: 0 }],
      }),
      409,
      /never-started/,
    );
  });

  it('says why the store cannot be read (503), without failing the server', async () => {
    expectOneLineReason(await get(readOnly, '/api/board', auth), 503, /nonexistent/);
    expectOneLineReason(await get(readOnly, '/api/runs/abc', auth), 400, /positive integer/);
    expectOneLineReason(await get(readOnly, '/api/board?tz=Mars/Olympus', auth), 400, /tz: unknown time zone/);
    expect((await get(readOnly, '/api/status', auth)).status).toBe(200);
  });

  it('streams live updates to several tabs; a tab that leaves does not disturb the run', async () => {
    const first = await openStream(control);
    const second = await openStream(control);
    const started = await post(control, '/api/lifecycle/simulations', { scenario: 'tour', speed: 'max' });
    expect(started.status).toBe(202);
    const { key } = JSON.parse(started.body) as { key: string };
    // One tab goes away at once; the other sees the run to its end.
    await first.next((frame) => frame.includes(key));
    first.close();
    await second.next((frame) => frame.includes(`"key":"${key}"`) && frame.includes('"status":"done"'));
    second.close();
    const state = JSON.parse((await get(control, '/api/lifecycle', auth)).body) as { latest: { key: string; status: string; day: number } };
    expect(state.latest).toMatchObject({ key, status: 'done' });
    // The tour runs 100 days: the run reached its end although a watcher left in the middle.
    expect(state.latest.day).toBeCloseTo(100, 6);
  });
});

/** An SSE stream read frame by frame (`next` waits on data events, never on a timer). */
function openStream(d: RunningDashboard): Promise<{ next: (match: (frame: string) => boolean) => Promise<string>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(`/api/events?token=${TOKEN}`, d.url), (res) => {
      if (res.statusCode !== 200) return reject(new Error(`SSE status ${res.statusCode}`));
      let buffer = '';
      const frames: string[] = [];
      const waiting: { match: (frame: string) => boolean; resolve: (frame: string) => void }[] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          frames.push(frame);
          for (const w of [...waiting]) {
            if (w.match(frame)) {
              waiting.splice(waiting.indexOf(w), 1);
              w.resolve(frame);
            }
          }
          end = buffer.indexOf('\n\n');
        }
      });
      resolve({
        next: (match) =>
          new Promise((done) => {
            const seen = frames.find(match);
            if (seen !== undefined) return done(seen);
            waiting.push({ match, resolve: done });
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}
