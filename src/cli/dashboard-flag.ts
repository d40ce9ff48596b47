/**
 * `--dashboard URL` on `simulate`, `run` and `accuracy`: publish the run to a running
 * `haipump dashboard`. The URL is the one it printed, token included.
 */
import * as z from 'zod';
// The publisher alone: a run that publishes never loads the server, its charts or its diagram.
import { DashboardPublisher, parseDashboardUrl } from '../dashboard/publish/publisher.ts';
import { stderr } from './io.ts';

export const DASHBOARD_FLAG_HELP = 'publish the run live to a running `haipump dashboard` (the URL it printed, with ?token=)';

export const DashboardUrlSchema = z
  .string()
  .refine((text) => parseDashboardUrl(text) !== undefined, 'expected the URL `haipump dashboard` printed: http://HOST:PORT/?token=...');

/** A publisher for a checked --dashboard value, or undefined without one; its warnings go to stderr. */
export function dashboardPublisher(url: string | undefined): DashboardPublisher | undefined {
  if (url === undefined) return undefined;
  const target = parseDashboardUrl(url);
  if (target === undefined) return undefined;
  return new DashboardPublisher(target, (text) => void stderr().write(`haipump: ${text}\n`));
}
