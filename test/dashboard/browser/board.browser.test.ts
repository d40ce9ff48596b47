/**
 * The refill board in Chromium against `haipump remind --json` on the same database, at the same
 * time and zone: the same pumps, the same due times and states, the same counts; and the
 * calendar feed at its URL is the iCalendar text remind writes.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, type RunningDashboard } from '../../../src/dashboard/index.ts';
import { HAVE_CHROMIUM, launchBrowser, watchedPage } from '../../support/browser.ts';
import { AT, AT_MS, buildFleet, type Fleet, ZONE } from '../board/fleet.ts';
import { screenshot } from './screenshots.ts';

interface RemindJson {
  counts: { overdue: number; due: number; upcoming: number };
  items: { pumpId: string; status: string; dueAtMs: number }[];
  flags: { pumpId: string }[];
  idlePumpIds: string[];
}

describe.skipIf(!HAVE_CHROMIUM)('dashboard refill board in Chromium', () => {
  let browser: Browser;
  let dashboard: RunningDashboard;
  let fleet: Fleet;
  let remind: RemindJson;

  beforeAll(async () => {
    fleet = await buildFleet();
    const run = await fleet.cli('remind', '--at', AT, '--json');
    remind = JSON.parse(run.stdout) as RemindJson;
    browser = await launchBrowser();
    dashboard = await startDashboard({ dbPath: fleet.dbPath, timeZone: ZONE, nowMs: () => AT_MS });
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    fleet?.remove();
  });

  it('shows every pump with the state and due time remind gives', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${dashboard.urlWithToken}#board`);
    await page.waitForSelector('body[data-loaded="board"]');
    const rows = await page.$$eval('#board tbody tr', (trs) =>
      trs.map((tr) => ({
        pumpId: tr.getAttribute('data-pump') ?? '',
        state: tr.getAttribute('data-state') ?? '',
        dueAtMs: tr.getAttribute('data-due-at-ms') ?? '',
      })),
    );
    expect(rows.map((r) => r.pumpId).sort()).toEqual([...remind.items.map((i) => i.pumpId), ...remind.idlePumpIds].sort());
    const flagged = new Set(remind.flags.map((f) => f.pumpId));
    for (const item of remind.items) {
      const row = rows.find((r) => r.pumpId === item.pumpId);
      expect(row?.dueAtMs, item.pumpId).toBe(String(item.dueAtMs));
      // Due and overdue are remind's own; an upcoming pump with a flag is shown as drifting.
      const want = item.status === 'upcoming' && flagged.has(item.pumpId) ? 'drifting' : item.status;
      expect(row?.state, item.pumpId).toBe(want);
    }
    for (const idle of remind.idlePumpIds) expect(rows.find((r) => r.pumpId === idle)?.state).toBe('idle');
    const summary = await page.textContent('#board-summary');
    expect(summary).toContain(`${remind.counts.overdue} overdue, ${remind.counts.due} due`);
    // Each pump with measured drains has its flow-history chart drawn.
    const charts = await page.$$eval('#board .chart[data-points]', (els) => els.map((el) => Number(el.getAttribute('data-points'))));
    expect(charts.filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'board');
    expect(errors).toEqual([]);
  });

  it('serves the iCalendar feed at the link the page shows: the file remind --ics writes', async () => {
    const { page } = await watchedPage(browser);
    await page.goto(`${dashboard.urlWithToken}#board`);
    await page.waitForSelector('body[data-loaded="board"]');
    const href = await page.getAttribute('#calendar-link', 'href');
    expect(href).toMatch(/^\/calendar\.ics\?token=/);
    const feed = await (await fetch(new URL(href ?? '', dashboard.url))).text();
    const icsFile = `${fleet.dir}/remind.ics`;
    await fleet.cli('remind', '--at', AT, '--ics', icsFile);
    const { readFileSync } = await import('node:fs');
    const withoutStamp = (text: string): string => text.replace(/^DTSTAMP:.*\r?\n/gm, '');
    expect(withoutStamp(feed)).toBe(withoutStamp(readFileSync(icsFile, 'utf8')));
    expect(feed).toContain('BEGIN:VEVENT');
    // Without the token, a calendar application gets 401, like any other request.
    expect((await fetch(new URL('/calendar.ics', dashboard.url))).status).toBe(401);
  });
});
