// What the NE-1000 keeps in non-volatile memory: everything set over RS-232 [M p.36: "All data
// changed from RS-232 is stored in the non-volatile memory, except for changes to the pumping
// rate while pumping"], so the 41-phase program too, plus the dispensed totals.
import * as z from 'zod';
import {
  NE_BAUD_RATES,
  NE_FACTORY_BAUD,
  NE_MAX_ADDRESS,
  NE_MAX_PHASE,
  NE_MAX_SAFE_TIMEOUT_S,
  NE_RATE_UNITS,
  NE_TRIGGER_MODES,
  NE_VOLUME_UNITS,
  nePhaseFunctionSchema,
} from '../../../protocols/newera/index.ts';

/** A Program Phase: its function, and (for pumping phases) rate, volume and direction [M p.36:
 * "A Phase consists of the pumping rate, 'Volume to be Dispensed', and the pumping direction"]. */
export const PhaseSchema = z.object({
  fn: nePhaseFunctionSchema,
  rate: z.number().nonnegative(),
  rateUnits: z.enum(NE_RATE_UNITS),
  /** In the pump's volume units (`volumeUnits`); 0 = pump continuously. */
  volume: z.number().nonnegative(),
  direction: z.enum(['INF', 'WDR', 'STK']),
});
export type Phase = z.output<typeof PhaseSchema>;

const onOff = z.union([z.literal(0), z.literal(1)]);

/** The setup switches (`AL`, `PF`, `BP`, `LOC`, `DIN`, `ROM`), trigger mode and buzzer: kept and
 * answered; the emulator has no keypad, buzzer or TTL connector for them to act on. */
export const SettingsSchema = z.object({
  AL: onOff,
  PF: onOff,
  BP: onOff,
  LOC: onOff,
  DIN: onOff,
  ROM: onOff,
  trigger: z.enum(NE_TRIGGER_MODES),
  buzzer: onOff,
});
export type Settings = z.output<typeof SettingsSchema>;

const StateObject = z.object({
  address: z.int().min(0).max(NE_MAX_ADDRESS),
  baud: z.literal(NE_BAUD_RATES),
  diameterMm: z.number().positive(),
  /** Units of every phase's volume and of DIS: µL at or below 14.00 mm, else mL, or as `VOL UL|ML` set. */
  volumeUnits: z.enum(NE_VOLUME_UNITS),
  safeTimeoutS: z.int().min(0).max(NE_MAX_SAFE_TIMEOUT_S),
  infusedNl: z.int().nonnegative(),
  withdrawnNl: z.int().nonnegative(),
  /** The phase PHN selected: RAT, VOL, DIR and FUN read and write it. */
  selectedPhase: z.int().min(1).max(NE_MAX_PHASE),
  program: z.array(PhaseSchema).length(NE_MAX_PHASE),
  settings: SettingsSchema,
});
export type Ne1000State = z.output<typeof StateObject>;

/** An unprogrammed phase: a stop, so a one-phase program ends after phase 1 [? factory content
 * of program memory is not in the RS-232 chapter]. */
export function blankPhase(): Phase {
  return { fn: { name: 'STP' }, rate: 0, rateUnits: 'MM', volume: 0, direction: 'INF' };
}

function blankSettings(): Settings {
  return { AL: 0, PF: 0, BP: 0, LOC: 0, DIN: 0, ROM: 0, trigger: 'FT', buzzer: 0 };
}

/** Program memory after `*RESET`: phase 1 pumps at 1 mL/min continuously, the rest stop. */
export function clearedProgram(): Phase[] {
  const program = Array.from({ length: NE_MAX_PHASE }, blankPhase);
  program[0] = { fn: { name: 'RAT' }, rate: 1, rateUnits: 'MM', volume: 0, direction: 'INF' };
  return program;
}

/** A record written by the single-phase firmware (rate, units, volume, direction at the top)
 * becomes phase 1 of a program, so an NVM image from before the program survives the upgrade. */
function migrate(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || 'program' in input) return input;
  const old = input as Record<string, unknown>;
  const program = clearedProgram();
  const first = PhaseSchema.safeParse({
    fn: { name: 'RAT' },
    rate: old.rate,
    rateUnits: old.rateUnits,
    volume: old.volume,
    direction: old.direction,
  });
  if (first.success) program[0] = first.data;
  const { rate: _r, rateUnits: _u, volume: _v, direction: _d, ...rest } = old;
  return { selectedPhase: 1, settings: blankSettings(), ...rest, program };
}

export const Ne1000StateSchema = z.preprocess(migrate, StateObject);

/** New Era pumps switch volume units with the diameter: µL at or below 14.00 mm, mL above [M
 * NE-500 quick start]. */
export function volumeUnitsForDiameter(diameterMm: number): 'UL' | 'ML' {
  return diameterMm <= 14 ? 'UL' : 'ML';
}

/** Factory state [?: the factory defaults are not in the manual's RS-232 chapter]: a 60 mL B-D
 * syringe, phase 1 at 1 mL/min continuous infusion, basic mode, the factory baud, address 0. */
export function blankNe1000State(): Ne1000State {
  return {
    address: 0,
    baud: NE_FACTORY_BAUD,
    diameterMm: 26.59,
    volumeUnits: 'ML',
    safeTimeoutS: 0,
    infusedNl: 0,
    withdrawnNl: 0,
    selectedPhase: 1,
    program: clearedProgram(),
    settings: blankSettings(),
  };
}
