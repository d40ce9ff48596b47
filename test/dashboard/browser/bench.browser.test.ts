/**
 * A live accuracy run watched in Chromium: the NE-1000 emulator and the simulated balance on
 * ptys at compressed time, `haipump accuracy --dashboard URL` publishing to the dashboard, and
 * the page adding points to its charts as samples arrive. Then the stored run's page against
 * `haipump runs show --json`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMtSicsSim } from '../../../firmware-sim/rig/index.ts';
import { startDashboard, type RunningDashboard } from '../../../src/dashboard/index.ts';
import { findPumpModel } from '../../../src/devices/syringes.ts';
import { openStore } from '../../../src/store/index.ts';
import { HAVE_CHROMIUM, launchBrowser, watchedPage } from '../../support/browser.ts';
import { runInProcess } from '../../support/cli.ts';
import { screenshot } from './screenshots.ts';

const dir = mkdtempSync(join(tmpdir(), 'haipump-dash-bench-'));
const db = join(dir, 'store.db');

describe.skipIf(!HAVE_CHROMIUM)('dashboard bench view in Chromium, a live run over ptys', () => {
  let browser: Browser;
  let dashboard: RunningDashboard;

  beforeAll(async () => {
    openStore(db).close();
    browser = await launchBrowser();
    dashboard = await startDashboard({ dbPath: db, timeZone: 'UTC' });
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the run live: the flow chart gains points while the run goes on, then the result and the stored run', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${dashboard.urlWithToken}#bench`);
    await page.waitForSelector('body[data-loaded="bench"]');

    const speed = 30;
    const sim = await startMtSicsSim({ pty: true, rig: { kind: 'pump', personality: 'ne1000', limits: findPumpModel('ne1000') }, speed });
    let run: Awaited<ReturnType<typeof runInProcess>>;
    // What the page's flow chart held each time it changed, as the page itself reports it.
    const seen: number[] = [];
    const watch = (async () => {
      let last = 0;
      for (;;) {
        const handle = await page.waitForFunction(
          `(() => { const el = document.querySelector('.live-run [data-chart="flow"]'); const n = Number(el?.getAttribute('data-points') ?? 0); const done = document.querySelector('.live-run')?.getAttribute('data-status'); return (n > ${last} || (done && done !== 'running')) ? [n, done] : false; })()`,
          undefined,
          { timeout: 0 },
        );
        const [n, status] = (await handle.jsonValue()) as [number, string | null];
        if (n > last) seen.push(n);
        last = n;
        if (status !== null && status !== 'running') return status;
      }
    })();
    try {
      run = await runInProcess([
        'accuracy',
        '--pump',
        `ne1000:${sim.pumpPort ?? ''}`,
        '--balance',
        `mtsics:${sim.port}`,
        '--rate',
        '10',
        '--minutes',
        '8',
        '--interval-s',
        '30',
        '--speed',
        String(speed),
        '--syringe',
        'bd-plastipak-60ml',
        '--label',
        'dashboard check',
        '--db',
        db,
        '--out',
        join(dir, 'run'),
        '--dashboard',
        dashboard.urlWithToken,
        '--json',
      ]);
    } finally {
      await sim.stop();
    }
    expect(run.stderr).not.toMatch(/dashboard .*: /);
    expect(run.status).toBe(0);
    const finalStatus = await watch;
    expect(finalStatus).toBe('complete');
    // Points were added while the run went on (several distinct counts), up to one per interval: 16.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toBe(16);
    const result = JSON.parse(run.stdout) as { runId: number; overallErrorPct: number; windows: { minutes: number; epMaxPct: number }[] };
    // The final figures on the page are the command's.
    const overall = await page.textContent('.live-run [data-figure="overall"]');
    expect(overall).toContain(`A ${result.overallErrorPct.toFixed(2)} %`);
    const verdicts = await page.$$eval('.live-run [data-verdict]', (els) => els.map((el) => el.getAttribute('data-verdict')));
    expect(verdicts).toEqual(['pass', 'pass']);
    await page.waitForSelector(`#runs tbody tr[data-run-id="${result.runId}"]`);
    await screenshot(page, 'bench-live');

    // The stored run's page and `runs show` agree, figure by figure.
    const show = await runInProcess(['runs', 'show', String(result.runId), '--db', db, '--json']);
    const stored = JSON.parse(show.stdout) as {
      result: {
        overallErrorPct: number;
        meanFlowMlPerH: number;
        windows: { minutes: number; k: number; m: number; epMaxPct: number; epMinPct: number }[];
        label: string;
        syringe: string;
      };
    };
    await page.goto(`${dashboard.urlWithToken}#runs/${result.runId}`);
    await page.waitForSelector(`#run-detail [data-run-id="${result.runId}"] .run-figures`);
    await page.waitForSelector('#run-detail [data-chart="trumpet"][data-points]');
    expect(await page.textContent('#run-detail [data-figure="overallErrorPct"] td:last-child')).toBe(`${stored.result.overallErrorPct} %`);
    expect(await page.textContent('#run-detail [data-figure="meanFlowMlPerH"] td:last-child')).toBe(`${stored.result.meanFlowMlPerH} mL/h`);
    expect(await page.textContent('#run-detail [data-figure="syringe"] td:last-child')).toBe('bd-plastipak-60ml');
    const windows = await page.$$eval('#run-detail .trumpet-table tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))),
    );
    expect(windows).toEqual(stored.result.windows.map((w) => [w.minutes, w.k, w.m, w.epMaxPct, w.epMinPct]));
    // Its plots name the run, the pump and the syringe, as the files do.
    const subtitle = await page.textContent('#run-detail [data-chart="trumpet"] svg');
    expect(subtitle).toContain(`run ${result.runId}`);
    expect(subtitle).toContain('bd-plastipak-60ml');
    const listRow = await page.textContent(`#runs tbody tr[data-run-id="${result.runId}"]`);
    expect(listRow).toContain('dashboard check');
    await screenshot(page, 'bench-stored');
    expect(errors).toEqual([]);
  }, 180_000);
});
