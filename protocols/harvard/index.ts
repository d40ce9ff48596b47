// Public API of the Harvard Apparatus "Ultra" command-set codec (pure, no I/O).
export {
  HARVARD_RATE_UNITS,
  HARVARD_TIME_UNITS,
  HARVARD_VOLUME_UNITS,
  formatHarvardNumber,
  harvardRateSchema,
  harvardRateToMlPerMin,
  harvardRateUnitsSchema,
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
export {
  HARVARD_BAUD_RATES,
  HARVARD_COMMAND_NAMES,
  HARVARD_MAX_ADDRESS,
  HARVARD_MIN_ABBREVIATION,
  formatHarvardCommand,
  harvardCommandSchema,
  parseHarvardCommand,
  resolveHarvardCommandName,
} from './command.ts';
export type { HarvardCommand, HarvardCommandName, HarvardFormatOptions, HarvardParseError, HarvardParseResult, HarvardRequest } from './command.ts';
export {
  HARVARD_ERRORS,
  HARVARD_PROMPTS,
  HARVARD_TARGET_NOT_SET,
  formatHarvardRateLimitsLine,
  formatHarvardRateLine,
  formatHarvardReply,
  formatHarvardStatusLine,
  formatHarvardVolumeLine,
  harvardErrorOf,
  makeHarvardReply,
  parseHarvardDiameterLine,
  parseHarvardRateLimitsLine,
  parseHarvardRateLine,
  parseHarvardStatusLine,
  parseHarvardTargetVolumeLine,
  parseHarvardVolumeLine,
  parsePromptLine,
} from './reply.ts';
export type {
  HarvardDirection,
  HarvardErrorLine,
  HarvardPromptText,
  HarvardPumpState,
  HarvardRateLine,
  HarvardReply,
  HarvardStatus,
  HarvardVolumeLine,
} from './reply.ts';
export { HarvardCommandSplitter, HarvardReplyAssembler } from './assembler.ts';
export type { HarvardAssemblerOptions } from './assembler.ts';
