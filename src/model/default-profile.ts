import type { PumpProfile } from './profile.ts';

const ESTIMATE = 'E: estimate (hai-pump.md default)';

/**
 * The hai-pump.md defaults as a 30 mL, 1.0 mL/day Codman-3000-like pump, for code that may not
 * read files (firmware-sim, pure tests). Mirrors hardware/profiles/codman-3000-30ml.json; a test
 * keeps the two equal.
 */
export const DEFAULT_PUMP_PROFILE: PumpProfile = {
  name: 'codman-3000-30ml',
  displayName: 'Codman 3000, 30 mL, 1.0 mL/day (estimated parameters)',
  reservoirMl: 30,
  nominalRateMlPerDay: 1.0,
  rateToleranceFraction: 0.15,
  calibration: { tempC: 37, ambientMmHg: 760, arterialMmHg: 95, infusate: 'heparinized-saline' },
  drivingPressureRefMmHg: 300,
  vapourPressureSlopePerC: 0.025,
  infusates: {
    saline: { viscosityMPaS37: 0.7, viscositySlopePerC: -0.02 },
    'heparinized-saline': { viscosityMPaS37: 0.7, viscositySlopePerC: -0.02 },
    glycerin: { viscosityMPaS37: 1.54, viscositySlopePerC: -0.02 },
    fudr: { viscosityMPaS37: 0.72, viscositySlopePerC: -0.02 },
  },
  taper: { fullFlowDownToMl: 1.5, deadVolumeMl: 0.5, dryFlowFraction: 0.05 },
  residualAfterDrainMl: 1.0,
  lowReservoirMl: 3.0,
  refillMarginDays: 2,
  calibrationOffsetFraction: 0,
  driftFractionPerYear: 0,
  bolus: { maxVolumeMl: 10, rateMlPerMin: 1 },
  fillDurationMin: 10,
  drainDurationMin: 5,
  flowDeviation: { flagFraction: 0.15, faultFraction: 0.2 },
  provenance: {
    reservoirMl: 'S: Codman 3000 reservoir models 16/30/50 mL; HAI usually 30 mL (hai-pump.md, The device)',
    nominalRateMlPerDay: 'S: about 1 mL/day for HAI (SIR 2023 abstract, Kafity & Liles); a real unit has its own labelled rate',
    rateToleranceFraction: 'E: estimate (hai-pump.md: labelled tolerance roughly ±10–15 %)',
    calibration: ESTIMATE,
    drivingPressureRefMmHg: ESTIMATE,
    vapourPressureSlopePerC: ESTIMATE,
    infusates: 'E: estimate (hai-pump.md default: saline 0.70 mPa·s at 37 °C, −2 %/°C; glycerin 2.2× saline; fudr mixture 1.03× saline)',
    taper: 'E: estimate (hai-pump.md default: full flow to 1.5 mL, then ∝ V − 0.5 mL; dry = 5 % of full flow)',
    residualAfterDrainMl: 'A/E: Codman MedStream manual says 2 mL; hai-pump.md: about 1–2 mL',
    lowReservoirMl: 'E: estimate (above the taper start, so the warning precedes any flow loss)',
    refillMarginDays: 'E: estimate',
    calibrationOffsetFraction: 'E: estimate (0 = a nominal unit; set per pump within ±10 %)',
    driftFractionPerYear: 'E: estimate (0 = no drift; hai-pump.md: a few %/year)',
    bolus: 'E: estimate (side-port bolus volume limit and push rate)',
    fillDurationMin: 'E: estimate (needle procedure)',
    drainDurationMin: 'E: estimate (needle procedure)',
    flowDeviation: 'A/E: 20 % fault from SynchroMed refill practice; 15 % flag is the hai-pump.md estimate',
  },
};
