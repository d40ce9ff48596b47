/**
 * The command table (PROTOCOL.md section 7) as data: header in SCPI long/short notation, the
 * request kind it makes, and its arguments. The request parser and formatter both read this,
 * so a command is added in one place.
 */
import type { HaiRequest, HaiRequestKind, SimRequest, SimRequestKind } from './request-schema.ts';
import { INFUSATE_KEYWORDS, SIM_FAULT_KEYWORDS, type SimEnvQuantity } from './vocabulary.ts';

/** value → wire mnemonic for a keyword argument. */
export type KeywordTable = Readonly<Record<string, string>>;

export type ParamSpec =
  | { readonly type: 'decimal'; readonly key: string }
  | { readonly type: 'integer'; readonly key: string }
  | { readonly type: 'keyword'; readonly key: string; readonly keywords: KeywordTable }
  /** An integer or one of the keywords (ALARm:ACKnowledge <code>|ALL). */
  | { readonly type: 'integerOrKeyword'; readonly key: string; readonly keywords: KeywordTable };

interface CommandSpecBase {
  /** Colon-joined mnemonics plus `?` for a query, e.g. `PUMP:VOLume?`. */
  readonly header: string;
  readonly required?: readonly ParamSpec[];
  /** Trailing optional arguments, in order. */
  readonly optional?: readonly ParamSpec[];
  /** Fields implied by the header itself (e.g. which SIM:ENV quantity a query reads). */
  readonly fixed?: Readonly<Record<string, string>>;
  /** Values for absent optional arguments that the request must still carry. */
  readonly defaults?: Readonly<Record<string, string>>;
}

/**
 * A device command, or (`emulatorOnly`) one of the `SIM:` back door's (PROTOCOL.md section 7.4):
 * an emulator answers those, a real pump answers -113 as for any unknown header. The flag goes
 * with the `sim…` request kinds and with no other, so the table and the types cannot disagree.
 */
export type CommandSpec =
  | (CommandSpecBase & { readonly kind: Exclude<HaiRequestKind, SimRequestKind>; readonly emulatorOnly?: never })
  | (CommandSpecBase & { readonly kind: SimRequestKind; readonly emulatorOnly: true });

const ALL: KeywordTable = { ALL: 'ALL' };
const FAULT_OR_ALL: KeywordTable = { ...SIM_FAULT_KEYWORDS, ...ALL };

const envQuery = (quantity: SimEnvQuantity, mnemonic: string): CommandSpec => ({
  kind: 'simEnvQuery',
  emulatorOnly: true,
  header: `SIM:ENV:${mnemonic}?`,
  fixed: { quantity },
});

export const COMMANDS: readonly CommandSpec[] = [
  { kind: 'idn', header: '*IDN?' },
  { kind: 'reset', header: '*RST' },
  { kind: 'clearStatus', header: '*CLS' },
  { kind: 'selfTest', header: '*TST?' },
  { kind: 'errorQuery', header: 'SYSTem:ERRor?' },
  { kind: 'versionQuery', header: 'SYSTem:VERSion?' },
  { kind: 'timeQuery', header: 'SYSTem:TIME?' },
  { kind: 'stateQuery', header: 'PUMP:STATe?' },
  { kind: 'volumeQuery', header: 'PUMP:VOLume?' },
  { kind: 'deliveredQuery', header: 'PUMP:DELivered?' },
  { kind: 'flowQuery', header: 'PUMP:FLOW?' },
  { kind: 'nominalQuery', header: 'PUMP:NOMinal?' },
  { kind: 'capacityQuery', header: 'PUMP:CAPacity?' },
  { kind: 'infusateQuery', header: 'PUMP:INFusate?' },
  {
    kind: 'fill',
    header: 'PUMP:FILL',
    required: [
      { type: 'keyword', key: 'infusate', keywords: INFUSATE_KEYWORDS },
      { type: 'decimal', key: 'volumeMl' },
    ],
  },
  { kind: 'drain', header: 'PUMP:DRAin' },
  { kind: 'bolus', header: 'PUMP:BOLus', required: [{ type: 'decimal', key: 'volumeMl' }] },
  { kind: 'alarmList', header: 'ALARm:LIST?' },
  {
    kind: 'alarmAck',
    header: 'ALARm:ACKnowledge',
    required: [{ type: 'integerOrKeyword', key: 'target', keywords: ALL }],
  },
  { kind: 'logCount', header: 'LOG:COUNt?' },
  { kind: 'logRead', header: 'LOG:READ?', required: [{ type: 'integer', key: 'index' }] },
  { kind: 'telemetryPeriod', header: 'TELemetry:PERiod', required: [{ type: 'integer', key: 'periodS' }] },
  { kind: 'telemetryPeriodQuery', header: 'TELemetry:PERiod?' },
  { kind: 'simTimeQuery', emulatorOnly: true, header: 'SIM:TIME?' },
  { kind: 'simTimeAdvance', emulatorOnly: true, header: 'SIM:TIME:ADVance', required: [{ type: 'decimal', key: 'seconds' }] },
  { kind: 'simSpeed', emulatorOnly: true, header: 'SIM:SPEED', required: [{ type: 'decimal', key: 'factor' }] },
  { kind: 'simSpeedQuery', emulatorOnly: true, header: 'SIM:SPEED?' },
  { kind: 'simTemperature', emulatorOnly: true, header: 'SIM:ENV:TEMPerature', required: [{ type: 'decimal', key: 'temperatureC' }] },
  { kind: 'simAltitude', emulatorOnly: true, header: 'SIM:ENV:ALTitude', required: [{ type: 'decimal', key: 'altitudeM' }] },
  { kind: 'simAmbient', emulatorOnly: true, header: 'SIM:ENV:AMBient', required: [{ type: 'decimal', key: 'ambientMmHg' }] },
  { kind: 'simArterial', emulatorOnly: true, header: 'SIM:ENV:ARTerial', required: [{ type: 'decimal', key: 'arterialMmHg' }] },
  envQuery('temperature', 'TEMPerature'),
  envQuery('altitude', 'ALTitude'),
  envQuery('ambient', 'AMBient'),
  envQuery('arterial', 'ARTerial'),
  {
    kind: 'simFault',
    emulatorOnly: true,
    header: 'SIM:FAULT',
    required: [{ type: 'keyword', key: 'fault', keywords: SIM_FAULT_KEYWORDS }],
    optional: [{ type: 'decimal', key: 'param' }],
  },
  {
    kind: 'simFaultClear',
    emulatorOnly: true,
    header: 'SIM:FAULT:CLEar',
    optional: [{ type: 'keyword', key: 'fault', keywords: FAULT_OR_ALL }],
    defaults: { fault: 'ALL' },
  },
  { kind: 'simFaultQuery', emulatorOnly: true, header: 'SIM:FAULT?' },
];

const EMULATOR_ONLY_KINDS: ReadonlySet<string> = new Set(COMMANDS.flatMap((c) => (c.emulatorOnly === true ? [c.kind] : [])));

/** A request of the SIM: back door (from the table's `emulatorOnly`). */
export function isSimRequest(request: HaiRequest): request is SimRequest {
  return EMULATOR_ONLY_KINDS.has(request.kind);
}
