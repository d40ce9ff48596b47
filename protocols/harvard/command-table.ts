// The command table of the "Ultra" set: every command word this codec knows and what it needs.
// All are in the Pump 11 Elite manual 5420-002 Rev C, "Pump Chain Commands", pp. 52-58, as the
// reference quotes it (the exact page of each is [?]: see CONFORMANCE.md for the sources read),
// except the SIM back door, which only the emulator answers.

export interface HarvardCommandSpec {
  readonly name: string;
  /** Answered by an emulator only (the SIM back door); a real pump answers `Command error`. */
  readonly emulatorOnly?: true;
  /** Exists on infuse/withdraw models only (an infuse-only pump answers `Unknown command`). */
  readonly withdraw?: true;
}

export const HARVARD_COMMANDS = [
  { name: 'address' },
  { name: 'baud' },
  { name: 'echo' },
  { name: 'force' },
  { name: 'metrics' },
  { name: 'poll' },
  { name: 'ver' },
  { name: 'version' },
  { name: 'irun' },
  { name: 'wrun', withdraw: true },
  { name: 'rrun', withdraw: true },
  { name: 'run' },
  { name: 'stop' },
  { name: 'stp' },
  { name: 'crate' },
  { name: 'diameter' },
  { name: 'irate' },
  { name: 'wrate', withdraw: true },
  { name: 'iramp' },
  { name: 'wramp', withdraw: true },
  { name: 'svolume' },
  { name: 'syrm' },
  { name: 'tvolume' },
  { name: 'ivolume' },
  { name: 'wvolume', withdraw: true },
  { name: 'civolume' },
  { name: 'cwvolume', withdraw: true },
  { name: 'cvolume' },
  { name: 'ctvolume' },
  { name: 'itime' },
  { name: 'wtime', withdraw: true },
  { name: 'ttime' },
  { name: 'citime' },
  { name: 'cwtime', withdraw: true },
  { name: 'ctime' },
  { name: 'cttime' },
  { name: 'input' },
  { name: 'output' },
  { name: 'status' },
  { name: 'sim:stall', emulatorOnly: true },
  { name: 'sim:time?', emulatorOnly: true },
  { name: 'sim:time:adv', emulatorOnly: true },
] as const satisfies readonly HarvardCommandSpec[];

export type HarvardCommandName = (typeof HARVARD_COMMANDS)[number]['name'];
export const HARVARD_COMMAND_NAMES: readonly HarvardCommandName[] = HARVARD_COMMANDS.map((c) => c.name);

/** Shortest accepted cut of a command word [M: "may be cut to their first four letters"]. */
export const HARVARD_MIN_ABBREVIATION = 4;

export function harvardCommandSpec(name: HarvardCommandName): HarvardCommandSpec {
  const spec: HarvardCommandSpec | undefined = HARVARD_COMMANDS.find((c) => c.name === name);
  if (spec === undefined) throw new RangeError(`no command ${name}`);
  return spec;
}

/**
 * A command word (full, or cut to 4 or more letters) to its full name, case-insensitively ([C]:
 * clients send `VER` and `FORCE`). [?] Any unambiguous cut of 4+ letters is taken, not only
 * exactly 4. Emulator-only words are taken in full only. Null if unknown or ambiguous.
 */
export function resolveHarvardCommandName(word: string): HarvardCommandName | null {
  const w = word.toLowerCase();
  const exact = HARVARD_COMMANDS.find((c) => c.name === w);
  if (exact !== undefined) return exact.name;
  if (w.length < HARVARD_MIN_ABBREVIATION) return null;
  const matches = HARVARD_COMMANDS.filter((c) => !('emulatorOnly' in c) && c.name.startsWith(w));
  return matches.length === 1 ? (matches[0]?.name ?? null) : null;
}
