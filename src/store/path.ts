import { homedir } from 'node:os';
import { join } from 'node:path';

export interface DbLocation {
  path: string;
  source: '--db' | 'HAIPUMP_DB' | 'XDG_DATA_HOME' | 'default';
  /** Only the default data directory is created on demand; an explicit path must have its folder. */
  createDir: boolean;
}

/** `--db FILE`, else $HAIPUMP_DB, else $XDG_DATA_HOME/haipump/haipump.db, else ~/.local/share/haipump/haipump.db. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): DbLocation {
  if (flag !== undefined && flag !== '') return { path: flag, source: '--db', createDir: false };
  const fromEnv = env.HAIPUMP_DB;
  if (fromEnv !== undefined && fromEnv !== '') return { path: fromEnv, source: 'HAIPUMP_DB', createDir: false };
  // XDG base directory spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  if (xdg?.startsWith('/')) return { path: join(xdg, 'haipump', 'haipump.db'), source: 'XDG_DATA_HOME', createDir: true };
  return { path: join(home, '.local', 'share', 'haipump', 'haipump.db'), source: 'default', createDir: true };
}
