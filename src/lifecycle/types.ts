import * as z from 'zod';
import { InfusateNameSchema, type InfusateName, type PumpProfile } from '../model/index.ts';

/** The patient's (or the bench rig's) conditions that set the pump's driving pressure. */
export interface Environment {
  tempC: number;
  ambientMmHg: number;
  arterialMmHg: number;
  /** Kept for display only; ambientMmHg is what the physics uses. */
  altitudeM: number | null;
}

export const ALARM_CODES = [
  'LOW_RESERVOIR',
  'DRY',
  'DRUG_PHASE_OVERDUE',
  'FLOW_DEVIATION',
  'FLOW_FAULT',
  'OCCLUSION',
  'LEAK',
  'SENSOR',
  'PUMP_FAILURE',
  'LINK_LOST',
  'DEVICE_DEVIATION',
] as const;
export type AlarmCode = (typeof ALARM_CODES)[number];
export const AlarmCodeSchema = z.enum(ALARM_CODES);

/**
 * warning: logged, needs acknowledging, blocks a bolus.
 * alarm: as warning; the condition itself (dry, overdue) needs an intervention.
 * fault: blocks every command that changes delivery (fill, drain, bolus) until acknowledged.
 */
export type AlarmSeverity = 'warning' | 'alarm' | 'fault';

export const ALARM_SEVERITY: Record<AlarmCode, AlarmSeverity> = {
  LOW_RESERVOIR: 'warning',
  DRY: 'alarm',
  DRUG_PHASE_OVERDUE: 'alarm',
  FLOW_DEVIATION: 'warning',
  FLOW_FAULT: 'fault',
  OCCLUSION: 'fault',
  LEAK: 'fault',
  SENSOR: 'fault',
  PUMP_FAILURE: 'fault',
  LINK_LOST: 'fault',
  DEVICE_DEVIATION: 'fault',
};

export interface Alarm {
  id: number;
  code: AlarmCode;
  severity: AlarmSeverity;
  atMs: number;
  cause: string;
  /** The fill during which it was raised: condition alarms are raised at most once per fill. */
  fillSeq: number;
  acknowledgedAtMs: number | null;
}

/** A piecewise-constant stretch of flow: the model answers "remaining at t" in closed form. */
export interface FlowSegment {
  startAtMs: number;
  startVolumeMl: number;
  /** Full (untapered) rate; 0 when nothing flows (no infusate, occlusion). */
  rateMlPerDay: number;
}

export interface FillRecord {
  seq: number;
  atMs: number;
  infusate: InfusateName;
  volumeMl: number;
  /** Reservoir content right after the fill (residual + volumeMl). */
  afterFillMl: number;
  drugDays: number | null;
  drugPhaseEndsAtMs: number | null;
  /** The rate the recipe was computed for: the measured flow when one exists. */
  recipeFlowMlPerDay: number | null;
  recipeFudrMg: number | null;
}

export interface DrainRecord {
  atMs: number;
  fillSeq: number;
  returnedMl: number;
  residualMl: number;
  /** What the model expected to come back. */
  predictedReturnedMl: number;
  measuredFlowMlPerDay: number;
  predictedFlowMlPerDay: number;
  deviationFraction: number;
  level: 'ok' | 'flag' | 'fault';
}

export interface BolusRecord {
  startAtMs: number;
  endsAtMs: number;
  volumeMl: number;
}

export interface Totals {
  filledMl: number;
  deliveredMl: number;
  drainedMl: number;
  /** Side-port boluses go straight to the catheter; they never pass through the reservoir. */
  bolusMl: number;
}

export type LogEntry =
  | {
      atMs: number;
      type: 'fill';
      infusate: InfusateName;
      volumeMl: number;
      fillSeq: number;
      recipeFudrMg: number | null;
      recipeFlowMlPerDay: number | null;
    }
  | {
      atMs: number;
      type: 'drain';
      returnedMl: number;
      measuredFlowMlPerDay: number | null;
      deviationFraction: number;
      level: 'ok' | 'flag' | 'fault';
    }
  | { atMs: number; type: 'bolus'; volumeMl: number }
  | { atMs: number; type: 'bolus-done'; volumeMl: number }
  | { atMs: number; type: 'alarm'; code: AlarmCode; severity: AlarmSeverity; cause: string }
  | { atMs: number; type: 'ack'; code: AlarmCode; raisedAtMs: number }
  | { atMs: number; type: 'env'; tempC: number; ambientMmHg: number; arterialMmHg: number; altitudeM: number | null; rateMlPerDay: number }
  | { atMs: number; type: 'taper'; remainingMl: number }
  | { atMs: number; type: 'refused'; event: string; reason: string };

export interface LifecycleContext {
  profile: PumpProfile;
  /** When the pump's age (for drift) starts: implant or factory date. */
  ageStartAtMs: number;
  env: Environment;
  infusate: InfusateName | null;
  segment: FlowSegment;
  /** Measured / predicted flow from the last drain; scales every later prediction. */
  flowCorrection: number;
  measuredFlowMlPerDay: number | null;
  totals: Totals;
  fillSeq: number;
  lastFill: FillRecord | null;
  lastDrain: DrainRecord | null;
  /** End of the current needle procedure (fill or drain), absolute. */
  procedureEndsAtMs: number | null;
  bolus: BolusRecord | null;
  occluded: boolean;
  /** Drained and not yet refilled: what stays behind is dead space and does not flow. */
  drained: boolean;
  alarms: Alarm[];
  log: LogEntry[];
  patient: { weightKg: number | null };
}

export interface LifecycleInput {
  profile: PumpProfile;
  startAtMs: number;
  env?: Partial<Environment>;
  ageStartAtMs?: number;
  weightKg?: number | null;
}

const positive = z.number().positive();

/** Events from outside; every field is validated before it reaches the machine. */
export const FillEventSchema = z.strictObject({
  type: z.literal('FILL'),
  infusate: InfusateNameSchema,
  volumeMl: positive,
  drugDays: positive.max(60).optional(),
  doseMgPerKgDay: positive.optional(),
  weightKg: positive.optional(),
});
export const DrainEventSchema = z.strictObject({
  type: z.literal('DRAIN'),
  /** A measured returned volume; absent in simulation, where the model supplies it. */
  returnedMl: z.number().nonnegative().optional(),
});
export const BolusEventSchema = z.strictObject({ type: z.literal('BOLUS'), volumeMl: positive });
export const EnvEventSchema = z
  .strictObject({
    type: z.literal('ENV'),
    tempC: z.number().min(30).max(45).optional(),
    altitudeM: z.number().min(-500).max(9000).optional(),
    ambientMmHg: z.number().min(200).max(900).optional(),
    arterialMmHg: z.number().min(0).max(250).optional(),
  })
  .refine((e) => e.altitudeM === undefined || e.ambientMmHg === undefined, {
    message: 'give altitudeM or ambientMmHg, not both',
  });
export const FAULT_CAUSES = ['occlusion', 'leak', 'sensor', 'pump-failure', 'link-lost', 'device-deviation'] as const;
export const FaultEventSchema = z.strictObject({
  type: z.literal('FAULT'),
  cause: z.enum(FAULT_CAUSES),
  detail: z.string().max(200).optional(),
});
export const AckEventSchema = z.strictObject({
  type: z.literal('ACK'),
  code: z.union([AlarmCodeSchema, z.literal('ALL')]).default('ALL'),
});

export const ExternalEventSchema = z.union([
  FillEventSchema,
  DrainEventSchema,
  BolusEventSchema,
  EnvEventSchema,
  FaultEventSchema,
  AckEventSchema,
]);
export type ExternalEvent = z.output<typeof ExternalEventSchema>;
export type FillEvent = z.output<typeof FillEventSchema>;
export type DrainEvent = z.output<typeof DrainEventSchema>;
export type EnvEvent = z.output<typeof EnvEventSchema>;
export type FaultEvent = z.output<typeof FaultEventSchema>;
export type AckEvent = z.output<typeof AckEventSchema>;
export type BolusEvent = z.output<typeof BolusEventSchema>;

/** Re-plans every deadline from absolute context times (after restore, after a config change). */
export type ReplanEvent = { type: 'REPLAN' };

export type LifecycleEvent = ExternalEvent | ReplanEvent;
