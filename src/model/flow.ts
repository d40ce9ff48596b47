import * as z from 'zod';
import { InfusateNameSchema, type InfusateName } from './infusate.ts';
import type { PumpProfile } from './profile.ts';

export interface Conditions {
  tempC: number;
  ambientMmHg: number;
  arterialMmHg: number;
  infusate: InfusateName;
}

/** For conditions that arrive from outside (scenario files, protocol, CLI). */
export const ConditionsSchema = z.strictObject({
  tempC: z.number().min(20).max(45),
  ambientMmHg: z.number().positive().max(3000),
  arterialMmHg: z.number().min(0).max(300),
  infusate: InfusateNameSchema,
});

function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}

function checkConditions(c: Conditions): void {
  requireFinite('tempC', c.tempC);
  requireFinite('ambientMmHg', c.ambientMmHg);
  requireFinite('arterialMmHg', c.arterialMmHg);
}

export function calibrationConditions(profile: PumpProfile): Conditions {
  return { ...profile.calibration };
}

/**
 * Absolute propellant vapour pressure. At calibration it must balance ambient + arterial and still
 * leave ΔP_ref, which fixes the reference: P_ref = ΔP_ref + P_amb,cal + P_art,cal.
 */
export function vapourPressureMmHg(profile: PumpProfile, tempC: number): number {
  requireFinite('tempC', tempC);
  const { calibration: cal } = profile;
  const refMmHg = profile.drivingPressureRefMmHg + cal.ambientMmHg + cal.arterialMmHg;
  return refMmHg * (1 + profile.vapourPressureSlopePerC) ** (tempC - cal.tempC);
}

/** Clamped at 0: the bellows cannot pull fluid back, so a negative ΔP means no flow, not reverse flow. */
export function drivingPressureMmHg(profile: PumpProfile, c: Conditions): number {
  checkConditions(c);
  return Math.max(0, vapourPressureMmHg(profile, c.tempC) - c.ambientMmHg - c.arterialMmHg);
}

export function viscosityMPaS(profile: PumpProfile, infusate: InfusateName, tempC: number): number {
  requireFinite('tempC', tempC);
  const { viscosityMPaS37, viscositySlopePerC } = profile.infusates[infusate];
  return viscosityMPaS37 * (1 + viscositySlopePerC) ** (tempC - 37);
}

/**
 * Untapered flow (Poiseuille: Q ∝ ΔP/η), scaled from the factory rate at calibration conditions,
 * then by this unit's offset and its drift since manufacture.
 */
export function fullFlowRateMlPerDay(profile: PumpProfile, c: Conditions, ageYears = 0): number {
  requireFinite('ageYears', ageYears);
  const cal = profile.calibration;
  const pressureRatio = drivingPressureMmHg(profile, c) / profile.drivingPressureRefMmHg;
  const viscosityRatio = viscosityMPaS(profile, cal.infusate, cal.tempC) / viscosityMPaS(profile, c.infusate, c.tempC);
  const unitFactor = (1 + profile.calibrationOffsetFraction) * (1 + profile.driftFractionPerYear * ageYears);
  return Math.max(0, profile.nominalRateMlPerDay * pressureRatio * viscosityRatio * unitFactor);
}

/** The bellows taper: full flow down to taper start, then proportional to what is left above dead volume. */
export function flowAtVolumeMlPerDay(profile: PumpProfile, fullRateMlPerDay: number, remainingMl: number): number {
  requireFinite('fullRateMlPerDay', fullRateMlPerDay);
  requireFinite('remainingMl', remainingMl);
  const { fullFlowDownToMl, deadVolumeMl } = profile.taper;
  if (remainingMl >= fullFlowDownToMl) return fullRateMlPerDay;
  if (remainingMl <= deadVolumeMl) return 0;
  return (fullRateMlPerDay * (remainingMl - deadVolumeMl)) / (fullFlowDownToMl - deadVolumeMl);
}

/** Convenience: the actual flow under conditions `c` with `remainingMl` in the reservoir. */
export function flowRateMlPerDay(profile: PumpProfile, c: Conditions, remainingMl: number, ageYears = 0): number {
  return flowAtVolumeMlPerDay(profile, fullFlowRateMlPerDay(profile, c, ageYears), remainingMl);
}
