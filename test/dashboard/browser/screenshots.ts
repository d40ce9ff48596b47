/**
 * Screenshots for docs/dashboard.md: taken by the browser tests when HAIPUMP_SCREENSHOTS=1
 * (`npm run docs:screenshots`), so the pictures in the docs are of the page the tests checked.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));

export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.HAIPUMP_SCREENSHOTS !== '1') return;
  await page.screenshot({ path: `${DOCS}dashboard-${name}.png`, fullPage: true });
}
