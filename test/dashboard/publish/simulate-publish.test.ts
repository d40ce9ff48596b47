/**
 * `haipump simulate --dashboard URL`: the run shown on the dashboard is the run the command
 * printed (same timeline, same final states, same totals); a dashboard that is not there is
 * said once on stderr and changes neither the output nor the exit code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, type RunningDashboard } from '../../../src/dashboard/index.ts';
import { runInProcess } from '../../support/cli.ts';

let dashboard: RunningDashboard;
beforeAll(async () => {
  dashboard = await startDashboard({ dbPath: '/nonexistent/haipump.db', timeZone: 'UTC' });
});
afterAll(() => dashboard.close());

interface SimulateJson {
  events: { atMs: number; type: string; state: string }[];
  totals: { filledMl: number; alarms: number };
}

describe('simulate --dashboard', () => {
  it('publishes the whole run: the dashboard holds the timeline and final state the command printed', async () => {
    const run = await runInProcess(['simulate', '--json', '--dashboard', dashboard.urlWithToken]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const printed = JSON.parse(run.stdout) as SimulateJson;
    const shown = (await (
      await fetch(new URL('/api/lifecycle', dashboard.url), { headers: { authorization: `Bearer ${dashboard.token}` } })
    ).json()) as {
      latest: {
        source: string;
        status: string;
        events: { atMs: number; type: string }[];
        active: string[];
        totals: { filledMl: number; alarms: number };
        points: unknown[];
      };
    };
    expect(shown.latest.source).toBe('simulate');
    expect(shown.latest.status).toBe('done');
    expect(shown.latest.events.map((e) => [e.atMs, e.type])).toEqual(printed.events.map((e) => [e.atMs, e.type]));
    expect(shown.latest.active).toEqual(printed.events.at(-1)?.state.split(','));
    expect(shown.latest.totals.filledMl).toBe(printed.totals.filledMl);
    expect(shown.latest.totals.alarms).toBe(printed.totals.alarms);
    // 100 days of six-hourly telemetry: 401 points.
    expect(shown.latest.points).toHaveLength(401);
  });

  it('a dashboard that is not there: one line on stderr, the same output, exit 0', async () => {
    const plain = await runInProcess(['simulate', '--json']);
    // A port nothing listens on: the dashboard started above, closed.
    const gone = await startDashboard({ dbPath: '/nonexistent/haipump.db', timeZone: 'UTC' });
    await gone.close();
    const run = await runInProcess(['simulate', '--json', '--dashboard', gone.urlWithToken]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(plain.stdout);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`dashboard http://127.0.0.1:${gone.port}/`);
    expect(run.stderr).toContain('the run goes on without it');
  });

  it('refuses a --dashboard value that is not the printed URL (no token), as a usage error', async () => {
    const run = await runInProcess(['simulate', '--dashboard', 'http://127.0.0.1:1/']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--dashboard');
  });
});
