import { HaipumpError, type ErrorKind } from '../model/errors.ts';

/**
 * Input the store refuses (unknown pump, impossible volume or time). Thrown inside the write
 * transaction before any insert, so the transaction rolls back and nothing is written.
 */
export class StoreInputError extends HaipumpError {
  constructor(message: string) {
    super(message, 'usage');
  }
}

/**
 * The database itself cannot be used: newer schema, unreadable rows, a profile that no longer
 * loads (failure); or a file that is not a haipump database or needs an upgrade first (usage).
 */
export class StoreError extends HaipumpError {
  constructor(message: string, kind: ErrorKind = 'failure') {
    super(message, kind);
  }
}

/** The database file does not exist: the store never invents an empty one (only `db init` and `pump add` create). */
export class StoreMissingError extends HaipumpError {
  constructor(readonly path: string) {
    super(`no database at ${path} (make one with: haipump db init --db ${path})`, 'usage');
  }
}
