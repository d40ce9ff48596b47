/** Public API of the HAI pump protocol codec. Pure: no I/O. The normative spec is PROTOCOL.md. */
export * from './vocabulary.ts';
export * from './limits.ts';
export * from './errors.ts';
export * from './error-queue.ts';
export * from './crc.ts';
export * from './line-assembler.ts';
export * from './keywords.ts';
export * from './numbers.ts';
export * from './request-schema.ts';
export { COMMANDS, isSimRequest, type CommandSpec, type ParamSpec, type KeywordTable } from './commands.ts';
export * from './request.ts';
export * from './reply.ts';
export {
  type ValueParse,
  parseNumber,
  parseInteger,
  formatInteger,
  formatEnvValue,
  formatSpeedFactor,
  type Identity,
  IdentitySchema,
  formatIdn,
  parseIdn,
  parseState,
  formatInfusate,
  parseInfusate,
  formatErrorEntry,
  parseErrorEntry,
  type AlarmEntry,
  AlarmEntrySchema,
  formatAlarmList,
  parseAlarmList,
  type LogRecord,
  LogRecordSchema,
  formatLogRecord,
  parseLogRecord,
  type ActiveFault,
  formatFaultList,
  parseFaultList,
  parseSelfTest,
  SCPI_VERSION,
} from './values.ts';
export * from './unsolicited.ts';
