/** Mettler Toledo MT-SICS: a pure codec for both ends of the line (host and emulated balance). */
export { LineSplitter } from './lines.ts';
export { MASS_UNITS, massUnitSchema, toGrams, formatDecimal, type MassUnit } from './units.ts';
export {
  COMMAND_NAMES,
  CRLF,
  MTSICS_FACTORY_BAUD,
  formatCommand,
  parseCommand,
  type Command,
  type CommandName,
  type ParsedCommand,
  type TarePreset,
} from './commands.ts';
export { REPLY_HEADS, replySchema, type Reply, type ReplyHead, type ReplyKind } from './replies.ts';
export { parseReply, parseReplyOrThrow, type ParsedReply } from './reply-parse.ts';
export { formatReply, type FormatReplyOptions } from './reply-format.ts';
