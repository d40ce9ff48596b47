// Public API of the Harvard Apparatus "Ultra" command-set codec (pure, no I/O).
export {
  HARVARD_RATE_UNITS,
  HARVARD_TIME_UNITS,
  HARVARD_VOLUME_UNITS,
  formatHarvardNumber,
  formatHarvardRate,
  formatHarvardReplyNumber,
  formatHarvardVolume,
  harvardRateQuantity,
  harvardRateSchema,
  harvardRateToMlPerMin,
  harvardRateUnitsSchema,
  harvardVolumeQuantity,
  harvardVolumeSchema,
  harvardVolumeToMl,
  harvardVolumeUnitsSchema,
  mlPerMinToHarvardRate,
  mlToHarvardVolume,
  parseHarvardNumber,
  parseHarvardRateUnits,
  parseHarvardVolumeUnits,
} from './units.ts';
export type { HarvardRate, HarvardRateUnits, HarvardTimeUnits, HarvardVolume, HarvardVolumeUnits } from './units.ts';
export { HARVARD_BAUD_RATES, HARVARD_FACTORY_BAUD, HARVARD_MODELS, findHarvardModel, harvardModelOfVer } from './models.ts';
export type { HarvardBaud, HarvardModel, HarvardStatusFormat } from './models.ts';
export {
  HARVARD_COMMANDS,
  HARVARD_COMMAND_NAMES,
  HARVARD_MIN_ABBREVIATION,
  harvardCommandSpec,
  resolveHarvardCommandName,
} from './command-table.ts';
export type { HarvardCommandName, HarvardCommandSpec } from './command-table.ts';
export {
  HARVARD_FORCE_RANGE,
  HARVARD_MAX_ADDRESS,
  HARVARD_MESSAGES,
  HARVARD_SIM_MAX_ADVANCE_MS,
  argumentError,
  commandError,
  formatHarvardCommand,
  formatHarvardPromptRequest,
  harvardAddressPrefix,
  harvardCommandSchema,
  parseHarvardCommand,
} from './command.ts';
export type {
  HarvardCommand,
  HarvardError,
  HarvardFormatOptions,
  HarvardParseOptions,
  HarvardParseResult,
  HarvardRateArg,
  HarvardRequest,
} from './command.ts';
export {
  HARVARD_ERROR_HEADS,
  HARVARD_ERROR_INDENT,
  HARVARD_PROMPTS,
  HARVARD_RAMP_NOT_SET,
  HARVARD_TARGET_TIME_NOT_SET,
  HARVARD_TARGET_VOLUME_NOT_SET,
  XON,
  formatHarvardReply,
  formatHarvardStatusLine,
  harvardErrorLines,
  makeHarvardReply,
  parseHarvardCurrentRateLine,
  parseHarvardDiameterLine,
  parseHarvardError,
  parseHarvardRateLimitsLine,
  parseHarvardRateLine,
  parseHarvardStatusLine,
  parseHarvardTargetVolumeLine,
  parseHarvardVolumeLine,
  parsePromptLine,
} from './reply.ts';
export type {
  HarvardDirection,
  HarvardPromptText,
  HarvardPumpState,
  HarvardRateLine,
  HarvardReply,
  HarvardReplyText,
  HarvardStatus,
  HarvardStatusFields,
  HarvardVolumeLine,
} from './reply.ts';
export { HarvardCommandSplitter, HarvardReplyAssembler } from './assembler.ts';
export type { HarvardAssemblerOptions, HarvardCommandLine } from './assembler.ts';
export { HARVARD_SYRINGE_CODES, harvardBuiltInSyringes } from './syringe-codes.ts';
export type { HarvardBuiltInSyringe, HarvardSyringeCode, SyringeTableRow } from './syringe-codes.ts';
