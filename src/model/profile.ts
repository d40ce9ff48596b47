import * as z from 'zod';
import { InfusateNameSchema } from './infusate.ts';

const positive = z.number().positive();
const nonNegative = z.number().min(0);
const fraction = z.number().min(0).lt(1);

const ViscositySchema = z.strictObject({
  viscosityMPaS37: positive,
  // Per-°C fractional change; a value near ±1 would make viscosity blow up or vanish within a few degrees.
  viscositySlopePerC: z.number().gt(-0.2).lt(0.2),
});

/** A provenance tag: S = a public source states it, A = by analogy, E = engineering estimate. */
const ProvenanceSchema = z.string().regex(/^(S|A|E)(\/(S|A|E))*:\s*\S/, 'must start with "S: ", "A: ", "E: " (or e.g. "A/E: ") and a note');

const PumpProfileShape = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a lower-case id (the file name without .json)'),
  displayName: z.string().min(1),
  reservoirMl: positive.max(200),
  nominalRateMlPerDay: positive.max(50),
  rateToleranceFraction: fraction,
  calibration: z.strictObject({
    tempC: z.number().min(30).max(45),
    ambientMmHg: positive,
    arterialMmHg: nonNegative,
    infusate: InfusateNameSchema,
  }),
  drivingPressureRefMmHg: positive,
  vapourPressureSlopePerC: fraction,
  infusates: z.record(InfusateNameSchema, ViscositySchema),
  taper: z.strictObject({
    fullFlowDownToMl: positive,
    deadVolumeMl: nonNegative,
    dryFlowFraction: z.number().gt(0).lt(1),
  }),
  residualAfterDrainMl: nonNegative,
  lowReservoirMl: positive,
  refillMarginDays: nonNegative,
  calibrationOffsetFraction: z.number().min(-0.1).max(0.1),
  driftFractionPerYear: z.number().min(-0.2).max(0.2),
  bolus: z.strictObject({ maxVolumeMl: positive, rateMlPerMin: positive }),
  fillDurationMin: positive,
  drainDurationMin: positive,
  flowDeviation: z.strictObject({ flagFraction: z.number().gt(0).lt(1), faultFraction: z.number().gt(0).lt(1) }),
  provenance: z.record(z.string(), ProvenanceSchema),
});

// Fields that identify or document the profile rather than parameterise the pump.
const NOT_PARAMETERS = new Set(['name', 'displayName', 'provenance']);

/** Dotted paths of every parameter leaf, e.g. "taper.deadVolumeMl". */
export function parameterPaths(value: object, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (prefix === '' && NOT_PARAMETERS.has(key)) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (child !== null && typeof child === 'object') paths.push(...parameterPaths(child as object, path));
    else paths.push(path);
  }
  return paths;
}

function coveredBy(path: string, key: string): boolean {
  return path === key || path.startsWith(`${key}.`);
}

export const PumpProfileSchema = PumpProfileShape.superRefine((p, ctx) => {
  const fail = (path: (string | number)[], message: string): void => {
    ctx.addIssue({ code: 'custom', path, message });
  };
  if (!(p.taper.fullFlowDownToMl > p.taper.deadVolumeMl)) {
    fail(['taper', 'fullFlowDownToMl'], `must be above taper.deadVolumeMl (${p.taper.deadVolumeMl})`);
  }
  if (!(p.lowReservoirMl > p.taper.fullFlowDownToMl)) {
    fail(['lowReservoirMl'], `must be above taper.fullFlowDownToMl (${p.taper.fullFlowDownToMl}) so the warning comes before the taper`);
  }
  if (!(p.lowReservoirMl < p.reservoirMl)) fail(['lowReservoirMl'], `must be below reservoirMl (${p.reservoirMl})`);
  if (!(p.residualAfterDrainMl < p.reservoirMl)) fail(['residualAfterDrainMl'], `must be below reservoirMl (${p.reservoirMl})`);
  if (!(p.flowDeviation.faultFraction >= p.flowDeviation.flagFraction)) {
    fail(['flowDeviation', 'faultFraction'], `must be at least flowDeviation.flagFraction (${p.flowDeviation.flagFraction})`);
  }
  // Every parameter carries its provenance, so no estimate can pass for a measured value.
  const keys = Object.keys(p.provenance);
  const paths = parameterPaths(p);
  for (const path of paths) {
    if (!keys.some((key) => coveredBy(path, key)))
      fail(['provenance', path], 'missing: every parameter needs an S:/A:/E: provenance entry');
  }
  for (const key of keys) {
    if (!paths.some((path) => coveredBy(path, key))) fail(['provenance', key], 'names no parameter of the profile');
  }
});

export type PumpProfile = z.output<typeof PumpProfileSchema>;

/** True unless every parameter is sourced ("S:"); the shipped profiles are all estimates. */
export function profileIsEstimate(profile: PumpProfile): boolean {
  return Object.values(profile.provenance).some((tag) => !tag.startsWith('S:'));
}

/** One line per failing field, joined: "taper.deadVolumeMl: Too small: ...; lowReservoirMl: ...". */
export function describeProfileIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`).join('; ');
}

export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}

/** Validates untrusted profile data; `source` (a file name) leads the one-line error message. */
export function parsePumpProfile(raw: unknown, source: string): PumpProfile {
  const result = PumpProfileSchema.safeParse(raw);
  if (!result.success) throw new ProfileError(`invalid pump profile ${source}: ${describeProfileIssues(result.error)}`);
  return result.data;
}
