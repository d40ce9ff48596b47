// What differs between the pumps that speak the "Ultra" command set, as data: the emulator and
// the driver read these rows and never branch on a model name. The plunger-speed and
// syringe-diameter limits of each model are in hardware/pump-models.json (same ids); this table
// holds what the command set itself shows. Tags: [M] manual, [C] public client code, [?] unverified.

/** Every baud rate of the family's `baud` command [M: Pump 11 Elite manual, per the reference]. */
export const HARVARD_BAUD_RATES = [9600, 19200, 38400, 57600, 115200, 128000, 230400, 256000, 460800, 921600] as const;
export type HarvardBaud = (typeof HARVARD_BAUD_RATES)[number];
/** The setting a pump leaves the factory with [?: not on the manual pages we have read]. */
export const HARVARD_FACTORY_BAUD: HarvardBaud = 115200;

export interface HarvardStatusFormat {
  /** Units of the `status` time field per second of run time. */
  readonly timeTicksPerS: number;
  /** Number of flag characters (the 6th is target reached). */
  readonly flags: 5 | 6;
  /** Flag 1 in upper case while the motor runs, lower case when idle (else always lower case). */
  readonly directionCaseShowsMotion: boolean;
}

export interface HarvardModel {
  /** Same id as the row in hardware/pump-models.json. */
  readonly id: 'elite11' | 'elite11-infuse' | 'phd-ultra';
  readonly name: string;
  /** Body of `ver` before the firmware version (the pump prints a space first). */
  readonly verPrefix: string;
  /** Firmware version the emulator reports. */
  readonly firmware: string;
  /** `version`'s RTOS line value. */
  readonly rtos: string;
  /** Infuse/withdraw pump; an infuse-only pump does not know the withdraw commands [C]. */
  readonly withdraw: boolean;
  readonly baudRates: readonly HarvardBaud[];
  /** What goes between a non-zero address and the command on a request. */
  readonly addressSeparator: '' | ':';
  readonly status: HarvardStatusFormat;
  /** Numbered output ports of `output {port} high|low`. */
  readonly outputPorts: number;
  /** `metrics` lines (name, value) before the syringe-size lines, which come from the limits. */
  readonly metricsHead: ReadonlyArray<readonly [string, string]>;
  /** `metrics` lines after the syringe-size lines. */
  readonly metricsTail: ReadonlyArray<readonly [string, string]>;
  readonly source: string;
}

/** A real Pump 11 Elite I/W's `metrics` as recorded in flowchem's Elite11 driver [C]. */
const ELITE_MECHANICS: ReadonlyArray<readonly [string, string]> = [
  ['Display type', 'Sharp'],
  ['Steps per rev', '400'],
  ['Gear ratio', '1:1'],
  ['Pulley ratio', '2.4:1'],
  ['Lead screw', '24 threads per inch'],
  ['Microstepping', '16 microsteps per step'],
  ['Low speed limit', '27 seconds'],
  ['High speed limit', '26 microseconds'],
  ['Motor polarity', 'Reverse'],
];

const ELITE_STATUS: HarvardStatusFormat = { timeTicksPerS: 56_000_000, flags: 6, directionCaseShowsMotion: true };

export const HARVARD_MODELS: readonly HarvardModel[] = [
  {
    id: 'elite11',
    name: 'Pump 11 Elite',
    verPrefix: '11 Elite',
    firmware: '3.0.4',
    rtos: 'FreeRTOS v7.1.1',
    withdraw: true,
    baudRates: HARVARD_BAUD_RATES,
    addressSeparator: '',
    status: ELITE_STATUS,
    outputPorts: 1,
    metricsHead: [['Pump type', 'Pump 11'], ['Pump type string', '11 ELITE I/W Single'], ...ELITE_MECHANICS],
    metricsTail: [
      ['Min raw force %', '20%'],
      ['Max raw force %', '80%'],
      ['Encoder', '100 lines'],
      ['Direction', 'Infuse/withdraw'],
      ['Programmable', 'Yes'],
      ['Limit switches', 'No'],
      ['Command set', 'None'],
    ],
    source:
      'grammar: Pump 11 Elite manual 5420-002 Rev C pp. 52-58 via the reference [M]; ver template " 11 Elite #.#.#" [M]; firmware 3.0.4 and metrics as recorded from a real pump in flowchem [C]; RTOS version [?]',
  },
  {
    id: 'elite11-infuse',
    name: 'Pump 11 Elite (infuse only)',
    verPrefix: '11 Elite',
    firmware: '3.0.4',
    rtos: 'FreeRTOS v7.1.1',
    withdraw: false,
    baudRates: HARVARD_BAUD_RATES,
    addressSeparator: '',
    status: ELITE_STATUS,
    outputPorts: 1,
    metricsHead: [['Pump type', 'Pump 11'], ['Pump type string', '11 ELITE I Single'], ...ELITE_MECHANICS],
    metricsTail: [
      ['Min raw force %', '20%'],
      ['Max raw force %', '80%'],
      ['Encoder', '100 lines'],
      ['Direction', 'Infuse only'],
      ['Programmable', 'Yes'],
      ['Limit switches', 'No'],
      ['Command set', 'None'],
    ],
    source: 'as the I/W model; "Unknown command" for withdraw commands [C: flowchem]; type string and "Infuse only" [?]',
  },
  {
    id: 'phd-ultra',
    name: 'PHD ULTRA',
    verPrefix: 'PHD ULTRA',
    firmware: '2.0.4',
    rtos: 'FreeRTOS v7.1.1',
    withdraw: true,
    baudRates: [9600, 19200, 38400, 57600, 115200],
    addressSeparator: ':',
    status: { timeTicksPerS: 1, flags: 5, directionCaseShowsMotion: false },
    outputPorts: 2,
    metricsHead: [
      ['Pump type', 'PHD ULTRA'],
      ['Pump type string', 'PHD ULTRA I/W'],
    ],
    metricsTail: [
      ['Direction', 'Infuse/withdraw'],
      ['Limit switches', 'No'],
    ],
    source:
      'PHD ULTRA manual 5419-002 Rev A p. 83 (address with a colon `12:irat 3.2 ul/min`, bauds 9600-115200, prompts) and p. 88 (status: time in seconds, five flags) [M]; ver text, firmware and metrics [?]',
  },
];

export function findHarvardModel(id: string): HarvardModel | undefined {
  return HARVARD_MODELS.find((m) => m.id === id);
}

/** Which model a `ver` body names (`11 Elite 3.0.4`, `11 ELITE I/W Single 3.0.4` [C], ...). */
export function harvardModelOfVer(verBody: string): HarvardModel | undefined {
  const text = verBody.trim().toLowerCase();
  return HARVARD_MODELS.find((m) => text.startsWith(m.verPrefix.toLowerCase()));
}
