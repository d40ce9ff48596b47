import fc from 'fast-check';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { MemoryNvm } from '../../../firmware-sim/hal/nvm-memory.ts';
import { encodeRecord } from '../../../firmware-sim/nvm/record.ts';
import { RecordStore } from '../../../firmware-sim/nvm/store.ts';

const Schema = z.object({ n: z.number().int() });

describe('NVM record store', () => {
  it('a torn write at any byte never loses or rolls back a committed record', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.nat({ max: 64 }), (commits, tearAt) => {
        const nvm = new MemoryNvm(2, 4096);
        const store = new RecordStore(nvm, Schema);
        store.open();
        for (let i = 1; i <= commits; i++) store.commit({ n: i });
        nvm.tearNextWrite(tearAt);
        expect(() => store.commit({ n: commits + 1 })).toThrow();
        const restored = new RecordStore(nvm, Schema).open().restored;
        expect(restored?.seq).toBeGreaterThanOrEqual(commits);
        expect(restored?.value.n).toBe(restored?.seq);
      }),
      { numRuns: 500 },
    );
  });

  it('a record with a good CRC but a bad shape is refused by zod, never used', () => {
    const nvm = new MemoryNvm(2, 4096);
    nvm.writeSlot(0, encodeRecord(7, { n: 'seven' }));
    const report = new RecordStore(nvm, Schema).open();
    expect(report.restored).toBeUndefined();
    expect(report.badSlots).toEqual([{ slot: 0, reason: 'schema mismatch' }]);
  });

  it('every single-bit flip of a stored record is detected', () => {
    const bytes = encodeRecord(3, { n: 3 });
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const nvm = new MemoryNvm(2, 4096);
      const copy = Uint8Array.from(bytes);
      copy[bit >> 3] = (copy[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      nvm.writeSlot(0, copy);
      expect(new RecordStore(nvm, Schema).open().restored).toBeUndefined();
    }
  });
});
