import * as z from 'zod';
import { InfusateSchema } from '../../../protocols/hai/request-schema.ts';
import { PUMP_STATES } from '../../../protocols/hai/vocabulary.ts';

const nl = z.number().int().nonnegative();

export const ActiveAlarmSchema = z.strictObject({
  code: z.number().int(),
  acked: z.boolean(),
  raisedAtMs: z.number().int(),
});

/** A needle procedure in progress (PROTOCOL.md 7.2): its volume moved when it started. */
export const ProcedureSchema = z.strictObject({
  kind: z.enum(['FILL', 'DRAIN']),
  startedAtMs: z.number().int(),
  endsAtMs: z.number().int(),
  volumeNl: nl,
});

/** A side-port bolus being pushed; it never touches the reservoir. */
export const BolusSchema = z.strictObject({
  startedAtMs: z.number().int(),
  endsAtMs: z.number().int(),
  volumeNl: nl,
});

/**
 * Everything the HAI firmware keeps in NVM. Volumes are integer nanolitres, like firmware
 * counters; `atMs` is device time. Conservation: filled = delivered + leaked + drained + volume
 * (bolus volume comes through the side port and is counted apart). `expectedNl` is what the
 * firmware's own flow model says the reservoir holds, from the conditions its sensors measure:
 * the flow-deviation alarm compares the real volume with it. Fields added after version 1.0.0
 * of the record have defaults, so an older NVM image still loads.
 */
export const HaiStateSchema = z
  .strictObject({
    infusate: InfusateSchema.nullable(),
    drained: z.boolean(),
    volumeNl: nl,
    atMs: z.number().int(),
    totals: z.strictObject({ filledNl: nl, deliveredNl: nl, leakedNl: nl, drainedNl: nl, bolusNl: nl }),
    alarms: z.array(ActiveAlarmSchema),
    lastFill: z.strictObject({ atMs: z.number().int(), volumeNl: nl, deliveredNlAtFill: nl }).nullable(),
    loggedState: z.enum(PUMP_STATES),
    procedure: ProcedureSchema.nullable().default(null),
    bolus: BolusSchema.nullable().default(null),
    expectedNl: nl.optional(),
  })
  .transform((s) => ({ ...s, expectedNl: s.expectedNl ?? s.volumeNl }));
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
    procedure: null,
    bolus: null,
    expectedNl: 0,
  };
}
