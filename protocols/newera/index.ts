// Public API of the New Era NE-1000 family codec (pure, no I/O).
export { asciiBytes, bytesToAscii, hexBytes } from './bytes.ts';
export { CR, ETX, STX, encodeBasicCommand, encodeBasicReply } from './framing.ts';
export { SAFE_LEN_OVERHEAD, SAFE_MAX_DATA_BYTES, decodeSafePacket, encodeSafePacket } from './safe-packet.ts';
export type { SafePacketDecode, SafePacketError } from './safe-packet.ts';
export { NE_PACKET_TIMEOUT_MS } from './deframer.ts';
export type { NeDeframerOptions } from './deframer.ts';
export { NePumpSideDeframer } from './pump-side-deframer.ts';
export { NeHostSideDeframer } from './host-side-deframer.ts';
export type { NeHostDeframerOptions, NeReplyFraming } from './host-side-deframer.ts';
export type {
  NeBadFrameEvent,
  NeBadFrameReason,
  NeBasicCommandEvent,
  NeBasicReplyEvent,
  NeHostSideEvent,
  NePumpSideEvent,
  NeSafeFrameEvent,
} from './frame-events.ts';
export { NE_MAX_DECIMALS, NE_MAX_DIGITS, formatNeNumber, formatNeReplyNumber, parseNeNumber } from './number.ts';
export type { NeFormatOptions } from './number.ts';
export {
  NE_RATE_UNITS,
  NE_VOLUME_UNITS,
  mlPerMinToRate,
  mlToVolume,
  pickRateUnits,
  rateToMlPerMin,
  volumeToMl,
} from './units.ts';
export type { NeRateChoice, NeRateUnits, NeVolumeUnits } from './units.ts';
export {
  NE_BAUD_RATES,
  NE_FACTORY_BAUD,
  NE_DIRECTIONS,
  NE_MAX_ADDRESS,
  NE_MAX_COUNT,
  NE_MAX_PHASE,
  NE_MAX_SAFE_TIMEOUT_S,
  NE_ON_OFF_SETTINGS,
  NE_PHASE_FUNCTIONS,
  NE_PHASE_FUNCTION_NAMES,
  NE_SIM_MAX_ADVANCE_MS,
  NE_SIM_OPS,
  NE_TRIGGER_MODES,
  NE_TTL_INPUT_PINS,
  formatNeCommand,
  formatNePhaseFunction,
  neCommandSchema,
  nePhaseFunctionSchema,
  normalizeNeCommand,
  parseNeCommand,
} from './command.ts';
export type {
  NeAddress,
  NeBaudRate,
  NeCommand,
  NeCommandName,
  NeDirectionArg,
  NeOnOffSetting,
  NeParseError,
  NeParseResult,
  NePhaseFunction,
  NePhaseFunctionName,
  NeRequest,
} from './command.ts';
export { NE_BURST_MAX_ADDRESS, formatNeBurst, parseNeBurst } from './burst.ts';
export type { NeBurstSegment } from './burst.ts';
export {
  NE_ALARMS,
  NE_REPLY_ERRORS,
  NE_STATUSES,
  formatNeDiameterData,
  formatNeDispensedData,
  formatNeRateData,
  formatNeReply,
  formatNeVersionData,
  formatNeVolumeData,
  parseNeDiameterData,
  parseNeDirectionData,
  parseNeDispensedData,
  parseNePhaseData,
  parseNeRateData,
  parseNeReply,
  parseNeSafData,
  parseNeVersionData,
  parseNeVolumeData,
} from './reply.ts';
export type { NeAlarm, NeDispensedData, NeRateData, NeReply, NeReplyError, NeStatus, NeVersionData, NeVolumeData } from './reply.ts';
export {
  mlPerMinFromSpeed,
  provenanceTag,
  pumpModelSchema,
  pumpModelsFileSchema,
  rateLimitsMlPerMin,
  syringeAreaMm2,
  syringeSchema,
  syringeTableSchema,
} from './rate-limits.ts';
export type { LinearSpeedLimits, ProvenanceTag, PumpModel, RateLimitsMlPerMin, Syringe } from './rate-limits.ts';
