/**
 * Input the store refuses (unknown pump, impossible volume or time). Thrown inside the write
 * transaction before any insert, so the transaction rolls back and nothing is written.
 */
export class StoreInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreInputError';
  }
}

/** The database itself is unusable: newer schema, unreadable rows, a profile that no longer loads. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}
