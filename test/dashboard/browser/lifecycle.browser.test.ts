/**
 * The lifecycle view in a real Chromium: it loads with no console errors, a simulation started
 * from the page runs to its end, the diagram lights exactly the states the JSON API reports
 * (parents included), and an acknowledgement from the page reaches the machine.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, type RunningDashboard } from '../../../src/dashboard/index.ts';
import { allLeafStates, createLifecycleMachine } from '../../../src/lifecycle/index.ts';
import { VirtualClock } from '../../../src/model/clock.ts';
import { HAVE_CHROMIUM, launchBrowser, watchedPage } from '../../support/browser.ts';
import { screenshot } from './screenshots.ts';

interface LifecycleApi {
  latest: { key: string; status: string; active: string[]; alarms: { code: string; acknowledgedAtMs: number | null }[] } | null;
}

describe.skipIf(!HAVE_CHROMIUM)('dashboard lifecycle view in Chromium', () => {
  let browser: Browser;
  let dashboard: RunningDashboard;

  beforeAll(async () => {
    browser = await launchBrowser();
    dashboard = await startDashboard({ dbPath: '/nonexistent/haipump.db', timeZone: 'UTC', allowControl: true });
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  const api = async (): Promise<LifecycleApi> =>
    (await (
      await fetch(new URL('/api/lifecycle', dashboard.url), { headers: { authorization: `Bearer ${dashboard.token}` } })
    ).json()) as LifecycleApi;

  it('runs the tour from the page and lights the same states the JSON API reports', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(dashboard.urlWithToken);
    await page.waitForSelector('body[data-loaded="lifecycle"]');
    // The diagram is the machine's: one element per state of the definition.
    const drawn = await page.$$eval('#diagram [data-state]', (els) => els.map((el) => el.getAttribute('data-state')));
    for (const leaf of allLeafStates(createLifecycleMachine({ clock: new VirtualClock(0) }).root)) expect(drawn).toContain(leaf);

    await page.selectOption('#sim-scenario', 'tour');
    await page.selectOption('#sim-speed', 'max');
    await page.click('#sim-start');
    await page.waitForSelector('#lifecycle-summary[data-status="done"]');
    const state = await api();
    expect(state.latest?.status).toBe('done');
    const active = state.latest?.active ?? [];
    expect(active.length).toBeGreaterThan(0);
    // Wait for the page to have drawn this final state (the update after "done" may still be on its way).
    await page.waitForSelector(`#diagram[data-active="${[...active].sort().join(',')}"]`);
    const lit = await page.$$eval('#diagram .state.active', (els) => els.map((el) => el.getAttribute('data-state') ?? ''));
    // Lit: every active leaf and each of its ancestors, and nothing else.
    const expected = new Set(active.flatMap((leaf) => leaf.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'))));
    expect(new Set(lit)).toEqual(expected);

    // The reservoir chart drew the run, and the alarms table lists the tour's five alarms with their acknowledgement.
    expect(Number(await page.getAttribute('#lifecycle-chart', 'data-points'))).toBeGreaterThan(300);
    const alarmRows = await page.$$eval('#alarms tbody tr', (rows) =>
      rows.map((r) => [r.getAttribute('data-code'), r.getAttribute('data-acknowledged')]),
    );
    expect(alarmRows).toEqual((state.latest?.alarms ?? []).map((a) => [a.code, String(a.acknowledgedAtMs !== null)]));
    expect(alarmRows.map(([code]) => code)).toEqual(['LOW_RESERVOIR', 'DRY', 'OCCLUSION', 'DRUG_PHASE_OVERDUE', 'FLOW_DEVIATION']);
    await screenshot(page, 'lifecycle');
    expect(errors).toEqual([]);
  });

  it('acknowledges an alarm from the page: the machine logs it and the table shows it', async () => {
    const upload = [
      'name: fault-left-open',
      'profile: codman-3000-30ml',
      'days: 3',
      'steps:',
      '  - { day: 0, type: FILL, infusate: heparinized-saline, volumeMl: 29 }',
      '  - { day: 1, type: FAULT, cause: occlusion }',
    ].join('\n');
    const { page, errors } = await watchedPage(browser);
    await page.goto(dashboard.urlWithToken);
    await page.waitForSelector('body[data-loaded="lifecycle"]');
    await page.setInputFiles('#sim-upload', { name: 'fault-left-open.yaml', mimeType: 'application/yaml', buffer: Buffer.from(upload) });
    await page.click('#sim-start');
    await page.waitForSelector('#lifecycle-summary[data-status="done"]');
    await page.waitForSelector('#alarms tbody tr[data-code="OCCLUSION"][data-acknowledged="false"]');
    expect((await api()).latest?.active).toContain('infusing.device.fault');
    await page.click('#sim-ack');
    await page.waitForSelector('#alarms tbody tr[data-code="OCCLUSION"][data-acknowledged="true"]');
    const after = await api();
    expect(after.latest?.alarms.find((a) => a.code === 'OCCLUSION')?.acknowledgedAtMs).not.toBeNull();
    expect(after.latest?.active).toContain('infusing.device.ok');
    await page.waitForSelector('#diagram [data-state="infusing.device.ok"].active');
    expect(errors).toEqual([]);
  });
});
