/**
 * `haipump dashboard [--db FILE] [--port N] [--host H] [--allow-control] [--tz ZONE] [--json]`:
 * the local web application. Prints its URL with the start-up token (`--json`: one line
 * `{"url": ...}`), then serves until SIGINT/SIGTERM/SIGHUP or until its parent goes away.
 */
import type { Command } from 'commander';
import * as z from 'zod';
import { waitForShutdown } from '../../../firmware-sim/hal/shutdown.ts';
import { DEFAULT_HOST, startDashboard } from '../../dashboard/index.ts';
import { stderr } from '../io.ts';
import { describeError } from '../../model/errors.ts';
import { CliError, numberFlag, parseOptions, print, printJsonLine } from '../shared.ts';
import { databasePath, DB_FLAG_HELP, zoneOf } from './store-common.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const OptionsSchema = z.strictObject({
  db: z.string().min(1).optional(),
  port: numberFlag.pipe(z.number().int().min(0).max(65_535)).default(0),
  host: z.string().min(1).max(253).optional(),
  allowControl: z.boolean().default(false),
  tz: z.string().min(1).optional(),
  json: z.boolean().default(false),
});

export function configure(command: Command): void {
  command
    .option('--db <file>', `${DB_FLAG_HELP.split(';')[0]}; the board and stored runs read it`)
    .option('--port <n>', 'TCP port (default 0: a free one, printed in the URL)', '0')
    .option('--host <h>', `address to listen on (default ${DEFAULT_HOST}, the loopback only)`)
    .option('--allow-control', 'let the page start and stop simulations and acknowledge alarms (default: read-only)', false)
    .option('--tz <zone>', 'IANA time zone of the board and the calendar feed (default: the system zone)')
    .option('--json', 'print {"url": ...} as one JSON line', false)
    .action(async (raw: unknown) => {
      const o = parseOptions(OptionsSchema, raw);
      const dashboard = await startDashboard({
        dbPath: databasePath(o.db),
        port: o.port,
        ...(o.host === undefined ? {} : { host: o.host }),
        allowControl: o.allowControl,
        timeZone: zoneOf(o.tz),
      }).catch((error: unknown) => {
        throw new CliError(
          `--port ${o.port}${o.host === undefined ? '' : ` --host ${o.host}`}: cannot listen (${describeError(error)})`,
          'usage',
        );
      });
      if (!LOOPBACK.has(dashboard.host))
        stderr().write(
          `haipump dashboard: listening on ${dashboard.host}, not only the loopback: anyone with the token can read the board\n`,
        );
      if (o.json) printJsonLine({ url: dashboard.urlWithToken });
      else
        print(
          `haipump dashboard: ${dashboard.urlWithToken}\n  ${o.allowControl ? 'control enabled: the page can start, stop and acknowledge' : 'read-only'}; Ctrl-C stops\n`,
        );
      await waitForShutdown();
      await dashboard.close();
    });
}
