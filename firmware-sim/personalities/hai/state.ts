import { z } from 'zod';
import { InfusateSchema } from '../../../protocols/hai/request-schema.ts';
import { PUMP_STATES } from '../../../protocols/hai/vocabulary.ts';

const nl = z.number().int().nonnegative();

export const ActiveAlarmSchema = z.strictObject({
  code: z.number().int(),
  acked: z.boolean(),
  raisedAtMs: z.number().int(),
});
export type ActiveAlarm = z.output<typeof ActiveAlarmSchema>;

/**
 * Everything the HAI firmware keeps in NVM. Volumes are integer nanolitres, like firmware
 * counters; `atMs` is device time. Conservation: filled = delivered + leaked + drained + volume
 * (bolus volume comes through the side port and is counted apart).
 */
export const HaiStateSchema = z.strictObject({
  infusate: InfusateSchema.nullable(),
  drained: z.boolean(),
  volumeNl: nl,
  atMs: z.number().int(),
  totals: z.strictObject({ filledNl: nl, deliveredNl: nl, leakedNl: nl, drainedNl: nl, bolusNl: nl }),
  alarms: z.array(ActiveAlarmSchema),
  lastFill: z.strictObject({ atMs: z.number().int(), volumeNl: nl, deliveredNlAtFill: nl }).nullable(),
  loggedState: z.enum(PUMP_STATES),
});
export type HaiState = z.output<typeof HaiStateSchema>;

export function blankHaiState(atMs: number): HaiState {
  return {
    infusate: null,
    drained: false,
    volumeNl: 0,
    atMs,
    totals: { filledNl: 0, deliveredNl: 0, leakedNl: 0, drainedNl: 0, bolusNl: 0 },
    alarms: [],
    lastFill: null,
    loggedState: 'EMPTY',
  };
}
