export { RecordStore, type RestoreReport } from './store.ts';
export { encodeRecord, decodeRecord, RECORD_OVERHEAD_BYTES, type DecodedRecord } from './record.ts';
