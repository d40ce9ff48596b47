import type * as z from 'zod';
import type { Nvm } from '../hal/types.ts';
import { decodeRecord, encodeRecord } from './record.ts';

/**
 * What `open()` found: the restored record (if any), which slots were unusable and why, and
 * which were empty. An empty slot next to a record with seq > 1 is reported bad ('missing'):
 * records alternate between the slots, so that slot was written once and has been lost since.
 */
export interface RestoreReport<T> {
  restored: { seq: number; slot: number; value: T } | undefined;
  badSlots: { slot: number; reason: string }[];
  emptySlots: number[];
}

/**
 * A single logical record kept in two alternating NVM slots (A/B).
 *
 * Commit writes seq+1 into the slot that does NOT hold the newest valid record, so the newest
 * committed record is never overwritten until a newer one has fully committed. Hence a power cut
 * at any instant loses at most the record being written, and restore never goes back past a
 * commit that returned: it reads both slots and takes the highest seq whose CRC and schema pass.
 */
export class RecordStore<S extends z.ZodType> {
  private currentSeq = 0;
  private currentSlot: number | undefined;

  constructor(
    private readonly nvm: Nvm,
    private readonly schema: S,
  ) {
    if (nvm.slotCount < 2) throw new RangeError('the record store needs two NVM slots');
  }

  /** Reads both slots and picks the newest valid record; must be called before `commit`. */
  open(): RestoreReport<z.output<S>> {
    const badSlots: { slot: number; reason: string }[] = [];
    const emptySlots: number[] = [];
    let best: { seq: number; slot: number; value: z.output<S> } | undefined;
    for (const slot of [0, 1]) {
      const decoded = decodeRecord(this.nvm.readSlot(slot), this.schema);
      if (!decoded.ok) {
        if (decoded.reason === 'empty') emptySlots.push(slot);
        else badSlots.push({ slot, reason: decoded.reason });
        continue;
      }
      if (best === undefined || decoded.seq > best.seq) best = { seq: decoded.seq, slot, value: decoded.value };
    }
    if (best !== undefined && best.seq > 1) {
      for (const slot of emptySlots.splice(0)) badSlots.push({ slot, reason: 'missing' });
    }
    this.currentSeq = best?.seq ?? 0;
    this.currentSlot = best?.slot;
    return { restored: best, badSlots, emptySlots };
  }

  get seq(): number {
    return this.currentSeq;
  }

  /** Writes `value` as the next record; durable when it returns. Returns the new seq. */
  commit(value: z.output<S>): number {
    const seq = this.currentSeq + 1;
    const slot = this.currentSlot === 0 ? 1 : 0;
    this.nvm.writeSlot(slot, encodeRecord(seq, value));
    this.currentSeq = seq;
    this.currentSlot = slot;
    return seq;
  }
}
