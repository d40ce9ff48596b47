import { ALARMS, type AlarmDefinition } from '../../../protocols/hai/vocabulary.ts';

export const ALARM_BY_CODE: ReadonlyMap<number, AlarmDefinition> = new Map(Object.values(ALARMS).map((a) => [a.code, a]));

/** Alarms whose "condition" is the event itself: they clear when acknowledged. */
export const CLEARED_BY_ACK: ReadonlySet<number> = new Set([ALARMS.resetOccurred.code, ALARMS.nvmCorrupt.code]);

export function isHigh(code: number): boolean {
  return ALARM_BY_CODE.get(code)?.severity === 'HIGH';
}
