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

/** Words every model takes. */
function common<const N extends string>(...names: N[]): ReadonlyArray<{ readonly name: N }> {
  return names.map((name) => ({ name }));
}

/** Words of the infuse/withdraw models only. */
function withdraw<const N extends string>(...names: N[]): ReadonlyArray<{ readonly name: N; readonly withdraw: true }> {
  return names.map((name) => ({ name, withdraw: true }));
}

/** The SIM back door. */
function emulatorOnly<const N extends string>(...names: N[]): ReadonlyArray<{ readonly name: N; readonly emulatorOnly: true }> {
  return names.map((name) => ({ name, emulatorOnly: true }));
}

/** Every command word, in the order of the manual's list. */
export const HARVARD_COMMANDS = [
  ...common('address', 'baud', 'echo', 'force', 'metrics', 'poll', 'ver', 'version', 'irun'),
  ...withdraw('wrun', 'rrun'),
  ...common('run', 'stop', 'stp', 'crate', 'diameter', 'irate'),
  ...withdraw('wrate'),
  ...common('iramp'),
  ...withdraw('wramp'),
  ...common('svolume', 'syrm', 'tvolume', 'ivolume'),
  ...withdraw('wvolume'),
  ...common('civolume'),
  ...withdraw('cwvolume'),
  ...common('cvolume', 'ctvolume', 'itime'),
  ...withdraw('wtime'),
  ...common('ttime', 'citime'),
  ...withdraw('cwtime'),
  ...common('ctime', 'cttime', 'input', 'output', 'status'),
  ...emulatorOnly('sim:stall', 'sim:time?', 'sim:time:adv'),
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
