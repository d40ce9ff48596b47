/**
 * Debian's Chromium driven by playwright-core: never a downloaded browser. Where no Chromium is
 * installed the browser tests are skipped with a notice that says so (a fresh desk); `.ci/run`
 * installs it and sets HAIPUMP_REQUIRE_BROWSER=1, so in CI a missing browser fails instead.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.HAIPUMP_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

if (!HAVE_CHROMIUM) {
  const text = `browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium, or set HAIPUMP_CHROMIUM)`;
  if (process.env.HAIPUMP_REQUIRE_BROWSER === '1') throw new Error(text);
  console.warn(`SKIPPED ${text}`);
}

/** As the machine's own probe starts it: no sandbox as root, and none of Chromium's calls home, which this network refuses. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Chromium with a fresh profile of its own (playwright makes and removes it). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** A page that records every console error and uncaught exception, for "loads with no console errors". */
export async function watchedPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}
