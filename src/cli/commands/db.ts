/**
 * `haipump db init [--db FILE]`: makes the store's database file (or upgrades an older one). With
 * `pump add`, the only command that creates a database: every other command refuses a missing
 * file, so a mistyped path is an error and never an empty "all clear".
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import * as z from 'zod';
import { LATEST_SCHEMA_VERSION, schemaVersion } from '../../store/index.ts';
import { parseOptions, print, printJson } from '../shared.ts';
import { databasePath, DB_FLAG_HELP, withStore } from './store-common.ts';

const InitOptions = z.object({ db: z.string().min(1).optional(), json: z.boolean().default(false) });

export function configure(command: Command): void {
  const db = command;
  db.command('init')
    .description("create the database (or upgrade an older one to this version's schema)")
    .option('--db <file>', DB_FLAG_HELP.replace(/; it must exist.*$/, ''))
    .option('--json', 'machine-readable output')
    .action((raw: unknown) => {
      const options = parseOptions(InitOptions, raw);
      const path = databasePath(options.db);
      const existed = existsSync(path);
      const version = withStore(options.db, 'create', schemaVersion);
      if (options.json) return printJson({ database: path, created: !existed, schemaVersion: version });
      print(
        `database: ${path} (${existed ? 'already there' : 'created'}), schema version ${version}${version === LATEST_SCHEMA_VERSION ? '' : ` (expected ${LATEST_SCHEMA_VERSION})`}\n`,
      );
    });
}
