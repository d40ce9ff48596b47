import * as z from 'zod';

export const LogRecordSchema = z.strictObject({
  seq: z.number().int().positive(),
  atMs: z.number().int(),
  code: z.number().int(),
  value: z.number(),
});
export type LogRecord = z.output<typeof LogRecordSchema>;

export const EventLogSchema = z.strictObject({
  nextSeq: z.number().int().positive(),
  records: z.array(LogRecordSchema),
});
export type EventLogState = z.output<typeof EventLogSchema>;

/**
 * A bounded ring of events, persisted with the device state. `seq` grows forever, so a reader
 * sees wrap-around as a jump in seq at index 0. Codes are the personality's.
 */
export class EventLog {
  private records: LogRecord[];
  private nextSeq: number;

  constructor(
    readonly capacity: number,
    restored?: EventLogState,
  ) {
    this.records = restored ? restored.records.slice(-capacity) : [];
    this.nextSeq = restored?.nextSeq ?? 1;
  }

  append(atMs: number, code: number, value: number): LogRecord {
    const record = { seq: this.nextSeq++, atMs, code, value };
    this.records.push(record);
    if (this.records.length > this.capacity) this.records.shift();
    return record;
  }

  get count(): number {
    return this.records.length;
  }

  /** 0 = oldest retained. */
  at(index: number): LogRecord | undefined {
    return this.records[index];
  }

  /** Puts back a snapshot (a transaction whose NVM commit failed is undone). */
  restore(snapshot: EventLogState): void {
    this.records = snapshot.records.map((r) => ({ ...r }));
    this.nextSeq = snapshot.nextSeq;
  }

  snapshot(): EventLogState {
    return { nextSeq: this.nextSeq, records: this.records.map((r) => ({ ...r })) };
  }
}
