/** Gravimetric flow-accuracy analysis (IEC 60601-2-24 style, not compliant): pure functions. */
export { AccuracyError } from './errors.ts';
export type { FlowSample, MassSample } from './types.ts';
export { waterDensityGPerMl, DEFAULT_DENSITY_G_PER_ML } from './density.ts';
export { flowSeries } from './flow.ts';
export { windowCounts, windowErrorsPct } from './windows.ts';
export { analyse } from './analysis.ts';
export { checkIso28620 } from './iso28620.ts';
export { parseSamplesCsv, samplesToCsv, CsvError } from './csv.ts';
