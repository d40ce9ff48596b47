/** Gravimetric flow-accuracy analysis (IEC 60601-2-24 style, not compliant): pure functions. */
export { AccuracyError, type AccuracyErrorCode } from './errors.ts';
export type { FlowSample, MassSample } from './types.ts';
export { waterDensityGPerMl, DEFAULT_DENSITY_G_PER_ML, DEFAULT_WATER_TEMP_C } from './density.ts';
export { flowSeries } from './flow.ts';
export { windowCounts, windowErrorsPct, type WindowCounts } from './windows.ts';
export { analyse, STANDARD_WINDOWS_MIN, type Analysis, type AnalyseInput, type StartupPoint, type WindowResult } from './analysis.ts';
export { checkIso28620, ISO28620_LIMITS, type Iso28620Result } from './iso28620.ts';
export { startupCurveSvg, trumpetSvg, flowSeriesSvg } from './svg.ts';
export { parseSamplesCsv, samplesToCsv, CsvError } from './csv.ts';
export { analysisSummary, roundTo, METHOD_LABEL } from './summary.ts';
