import { decimalTextSchema, formatDecimal, massUnitSchema, type MassUnit } from './units.ts';
import type { Reply } from './replies.ts';

export const CRLF = '\r\n';
/** The balance's factory interface setting, 8N1 with no handshake [M, C; it varies by model]. */
export const MTSICS_FACTORY_BAUD = 9600;

/** Every command the codec knows, by its MT-SICS name. */
export const COMMAND_NAMES = [
  'S', // stable weight
  'SI', // weight now, stable or dynamic
  'SIR', // SI repeated until the next command
  'Z', // zero when stable
  'ZI', // zero now
  'T', // tare when stable
  'TI', // tare now
  'TA', // query or preset the tare
  'TAC', // clear the tare
  '@', // reset; answers like I4
  'I0', // list of commands
  'I1', // MT-SICS level and versions
  'I2', // balance data: type, capacity, unit
  'I3', // software version
  'I4', // serial number
  'I5', // software id
  'I10', // balance id
  'I11', // balance type
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface TarePreset {
  value: number;
  unit: MassUnit;
}

export type Command = { name: Exclude<CommandName, 'TA'> } | { name: 'TA'; preset?: TarePreset };

/** Host side: the exact bytes to send for a command, CR LF included. */
export function formatCommand(command: Command): string {
  if (command.name === 'TA' && command.preset !== undefined) {
    return `TA ${formatDecimal(command.preset.value)} ${command.preset.unit}${CRLF}`;
  }
  return `${command.name}${CRLF}`;
}

export type ParsedCommand = { ok: true; command: Command } | { ok: false; reply: Reply };

const KNOWN = new Set<string>(COMMAND_NAMES);

function isCommandName(text: string): text is CommandName {
  return KNOWN.has(text);
}

/**
 * Balance side: reads one request line (terminator already removed or not). Never throws: an
 * unknown or malformed command yields the reply the balance should send (`ES`, or `TA L` for a
 * tare preset it cannot take), so an emulator can answer every line.
 */
export function parseCommand(line: string): ParsedCommand {
  const body = line.replace(/\r?\n$/, '').replace(/\r$/, '');
  // Commands are upper-case and single-space separated; the balance answers ES to anything else.
  const parts = body.split(' ');
  const head = parts[0] ?? '';
  if (!isCommandName(head)) return syntaxError();
  if (head === 'TA') return parseTare(parts.slice(1));
  if (parts.length !== 1) return syntaxError();
  return { ok: true, command: { name: head } };
}

function parseTare(args: string[]): ParsedCommand {
  if (args.length === 0) return { ok: true, command: { name: 'TA' } };
  if (args.length !== 2) return syntaxError();
  const value = decimalTextSchema.safeParse(args[0]);
  const unit = massUnitSchema.safeParse(args[1]);
  if (!value.success || !unit.success) return syntaxError();
  // A negative or absurd preset is well-formed but cannot be applied: MT-SICS calls that "TA L".
  if (value.data < 0 || !Number.isFinite(value.data)) {
    return { ok: false, reply: { kind: 'parameterError', command: 'TA' } };
  }
  return { ok: true, command: { name: 'TA', preset: { value: value.data, unit: unit.data } } };
}

function syntaxError(): ParsedCommand {
  return { ok: false, reply: { kind: 'error', code: 'ES' } };
}
