/**
 * HaiRequest: every command of PROTOCOL.md section 7 as one discriminated union, defined by zod
 * schemas so the argument ranges live in exactly one place (the parser validates with them).
 */
import * as z from 'zod';
import { LIMITS } from './limits.ts';
import { HAI_INFUSATES, SIM_ENV_QUANTITIES, SIM_FAULTS, type HaiInfusate, type SimFault } from './vocabulary.ts';

const inRange = (r: { min: number; max: number }) => z.number().min(r.min).max(r.max);
const intInRange = (r: { min: number; max: number }) => z.number().int().min(r.min).max(r.max);

const fillVolumeMl = z.number().gt(LIMITS.fillVolumeMl.exclusiveMin).max(LIMITS.fillVolumeMl.max);
const bolusVolumeMl = z.number().gt(LIMITS.bolusVolumeMl.exclusiveMin).max(LIMITS.bolusVolumeMl.max);

export const InfusateSchema = z.enum(HAI_INFUSATES as [HaiInfusate, ...HaiInfusate[]]);
export const SimFaultSchema = z.enum(SIM_FAULTS);

const bare = <K extends string>(kind: K) => z.object({ kind: z.literal(kind) });

/** null: the fault takes no parameter. */
export const FAULT_PARAM_RANGES = {
  OCCLUSION: LIMITS.occlusionFraction,
  LEAK: LIMITS.leakMlPerDay,
  SENSOR: null,
  BROWNOUT: null,
  NOISE: LIMITS.noiseProbability,
  MUTE: LIMITS.muteS,
  SLOW: LIMITS.slowMs,
} as const satisfies Record<string, { min: number; max: number } | null>;

/** Each fault's parameter, from FAULT_PARAM_RANGES, compiled (the parser checks it per line); null: the fault takes none. */
export const FAULT_PARAM_SCHEMAS: Readonly<Record<SimFault, z.ZodNumber | null>> = Object.fromEntries(
  SIM_FAULTS.map((fault) => {
    const range = FAULT_PARAM_RANGES[fault];
    return [fault, range === null ? null : z.compile(inRange(range))];
  }),
) as Record<SimFault, z.ZodNumber | null>;

/** What an out-of-range fault parameter is called in errors (`OCCLUSION param 0..1`). */
export function faultParamRangeText(fault: SimFault): string {
  const range = FAULT_PARAM_RANGES[fault];
  return range === null ? `${fault} takes no parameter` : `${fault} param ${range.min}..${range.max}`;
}

/** A fault with its optional parameter, checked against FAULT_PARAM_SCHEMAS. */
const SimFaultRequestSchema = z
  .object({ kind: z.literal('simFault'), fault: SimFaultSchema, param: z.number().optional() })
  .superRefine((req, ctx) => {
    if (req.param === undefined) return;
    const schema = FAULT_PARAM_SCHEMAS[req.fault];
    if (schema === null || !schema.safeParse(req.param).success) ctx.addIssue({ code: 'custom', message: faultParamRangeText(req.fault) });
  });

export const HaiRequestSchema = z.discriminatedUnion('kind', [
  bare('idn'),
  bare('reset'),
  bare('clearStatus'),
  bare('selfTest'),
  bare('errorQuery'),
  bare('versionQuery'),
  bare('timeQuery'),
  bare('stateQuery'),
  bare('volumeQuery'),
  bare('deliveredQuery'),
  bare('flowQuery'),
  bare('nominalQuery'),
  bare('capacityQuery'),
  bare('infusateQuery'),
  z.object({ kind: z.literal('fill'), infusate: InfusateSchema, volumeMl: fillVolumeMl }),
  bare('drain'),
  z.object({ kind: z.literal('bolus'), volumeMl: bolusVolumeMl }),
  bare('alarmList'),
  z.object({ kind: z.literal('alarmAck'), target: z.union([intInRange(LIMITS.alarmCode), z.literal('ALL')]) }),
  bare('logCount'),
  z.object({ kind: z.literal('logRead'), index: intInRange(LIMITS.logIndex) }),
  z.object({ kind: z.literal('telemetryPeriod'), periodS: intInRange(LIMITS.telemetryPeriodS) }),
  bare('telemetryPeriodQuery'),
  bare('simTimeQuery'),
  z.object({ kind: z.literal('simTimeAdvance'), seconds: inRange(LIMITS.simAdvanceS) }),
  z.object({ kind: z.literal('simSpeed'), factor: inRange(LIMITS.simSpeedFactor) }),
  bare('simSpeedQuery'),
  z.object({ kind: z.literal('simTemperature'), temperatureC: inRange(LIMITS.temperatureC) }),
  z.object({ kind: z.literal('simAltitude'), altitudeM: inRange(LIMITS.altitudeM) }),
  z.object({ kind: z.literal('simAmbient'), ambientMmHg: inRange(LIMITS.ambientMmHg) }),
  z.object({ kind: z.literal('simArterial'), arterialMmHg: inRange(LIMITS.arterialMmHg) }),
  z.object({ kind: z.literal('simEnvQuery'), quantity: z.enum(SIM_ENV_QUANTITIES) }),
  SimFaultRequestSchema,
  z.object({ kind: z.literal('simFaultClear'), fault: z.union([SimFaultSchema, z.literal('ALL')]) }),
  bare('simFaultQuery'),
]);

export type HaiRequest = z.infer<typeof HaiRequestSchema>;
export type HaiRequestKind = HaiRequest['kind'];
/** The SIM: back door's kinds (PROTOCOL.md 7.4); commands.ts marks their headers emulator-only. */
export type SimRequestKind = Extract<HaiRequestKind, `sim${string}`>;
export type SimRequest = Extract<HaiRequest, { kind: SimRequestKind }>;
/** The request of one kind, e.g. `RequestOf<'fill'>`. */
export type RequestOf<K extends HaiRequestKind> = Extract<HaiRequest, { kind: K }>;
