/**
 * One numbered schema migration. Its own module so the migrations of every part of the store
 * (runs/migration.ts, ...) and the list of them (migrations.ts) depend on it, not on each other.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
