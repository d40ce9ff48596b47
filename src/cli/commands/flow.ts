import type { Command } from 'commander';
import * as z from 'zod';
import {
  ambientMmHgAtAltitude,
  calibrationConditions,
  drivingPressureMmHg,
  flowAtVolumeMlPerDay,
  fullFlowRateMlPerDay,
  InfusateNameSchema,
  INFUSATE_NAMES,
  profileIsEstimate,
  viscosityMPaS,
  type Conditions,
} from '../../model/index.ts';
import { DEFAULT_PROFILE_NAME, loadProfile } from '../../profiles/load.ts';
import { CliError, numberFlag, parseOptions, print, printJson } from '../shared.ts';

const FlowOptionsSchema = z.object({
  profile: z.string().min(1).default(DEFAULT_PROFILE_NAME),
  tempC: numberFlag.pipe(z.number().min(20).max(45)).optional(),
  altitudeM: numberFlag.pipe(z.number().min(-500).max(10_000)).optional(),
  ambientMmhg: numberFlag.pipe(z.number().positive().max(3000)).optional(),
  arterialMmhg: numberFlag.pipe(z.number().min(0).max(300)).optional(),
  infusate: InfusateNameSchema.optional(),
  remainingMl: numberFlag.pipe(z.number().min(0)).optional(),
  ageYears: numberFlag.pipe(z.number().min(0).max(50)).optional(),
  json: z.boolean().optional(),
});

export function configure(command: Command): void {
  command
    .option('--profile <name>', `pump profile name or path to a .json file (default ${DEFAULT_PROFILE_NAME})`)
    .option('--temp-c <T>', 'body temperature, °C')
    .option('--altitude-m <H>', 'altitude, m (standard atmosphere); excludes --ambient-mmhg')
    .option('--ambient-mmhg <P>', 'ambient absolute pressure, mmHg; excludes --altitude-m')
    .option('--arterial-mmhg <P>', 'mean arterial back-pressure at the catheter tip, mmHg')
    .option('--infusate <name>', `one of ${INFUSATE_NAMES.join(', ')}`)
    .option('--remaining-ml <V>', 'volume left in the reservoir (applies the bellows taper)')
    .option('--age-years <Y>', 'pump age for the drift term')
    .option('--json', 'machine-readable output')
    .action((raw: unknown) => {
      const opts = parseOptions(FlowOptionsSchema, raw);
      if (opts.altitudeM !== undefined && opts.ambientMmhg !== undefined) {
        throw new CliError('--altitude-m and --ambient-mmhg: give one of them, not both', 'usage');
      }
      const profile = loadProfile(opts.profile);
      const cal = calibrationConditions(profile);
      const conditions: Conditions = {
        tempC: opts.tempC ?? cal.tempC,
        ambientMmHg: opts.altitudeM !== undefined ? ambientMmHgAtAltitude(opts.altitudeM) : (opts.ambientMmhg ?? cal.ambientMmHg),
        arterialMmHg: opts.arterialMmhg ?? cal.arterialMmHg,
        infusate: opts.infusate ?? cal.infusate,
      };
      const ageYears = opts.ageYears ?? 0;
      const fullRateMlPerDay = fullFlowRateMlPerDay(profile, conditions, ageYears);
      const rateMlPerDay =
        opts.remainingMl === undefined ? fullRateMlPerDay : flowAtVolumeMlPerDay(profile, fullRateMlPerDay, opts.remainingMl);
      const result = {
        rateMlPerDay,
        fullRateMlPerDay,
        conditions,
        drivingPressureMmHg: drivingPressureMmHg(profile, conditions),
        viscosityMPaS: viscosityMPaS(profile, conditions.infusate, conditions.tempC),
        remainingMl: opts.remainingMl ?? null,
        ageYears,
        profile: profile.name,
        estimate: profileIsEstimate(profile),
      };
      if (opts.json === true) return printJson(result);
      const lines = [
        `${profile.displayName}: ${rateMlPerDay.toFixed(3)} mL/day`,
        `  conditions: ${conditions.tempC.toFixed(1)} °C, ambient ${conditions.ambientMmHg.toFixed(1)} mmHg` +
          `${opts.altitudeM !== undefined ? ` (${opts.altitudeM} m)` : ''}, arterial ${conditions.arterialMmHg.toFixed(1)} mmHg, ${conditions.infusate}`,
        `  driving pressure ${result.drivingPressureMmHg.toFixed(1)} mmHg, viscosity ${result.viscosityMPaS.toFixed(3)} mPa·s`,
      ];
      if (opts.remainingMl !== undefined) {
        lines.push(
          `  full rate ${fullRateMlPerDay.toFixed(3)} mL/day; with ${opts.remainingMl} mL left the bellows taper gives ${rateMlPerDay.toFixed(3)} mL/day`,
        );
      }
      if (result.estimate)
        lines.push(`  Model parameters are engineering estimates (profile ${profile.name}; see hardware/profiles/README.md).`);
      print(`${lines.join('\n')}\n`);
    });
}
