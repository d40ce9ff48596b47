import type { LiveSample } from './types.ts';

/**
 * One progress line per sample: device time, samples, mass, and the flow over the last interval.
 * The command rewrites it in place (CR) on a terminal and prints one line per sample otherwise.
 */
export function progressLine(
  sample: LiveSample,
  previous: LiveSample | undefined,
  progress: { index: number; total: number; plannedMin: number },
  densityGPerMl: number,
): string {
  const { index, total, plannedMin } = progress;
  const flow =
    previous === undefined || sample.atS <= previous.atS
      ? '-'
      : `${((3600 * (sample.massG - previous.massG)) / ((sample.atS - previous.atS) * densityGPerMl)).toFixed(4)} mL/h`;
  const pct = total === 0 ? 100 : (100 * index) / total;
  return (
    `[${(sample.atS / 60).toFixed(1).padStart(6)} of ${plannedMin} min, ${pct.toFixed(0).padStart(3)} %] ` +
    `sample ${index}/${total}  ${sample.massG.toFixed(4)} g ${sample.stable ? 'stable' : 'dynamic'}  flow ${flow}`
  );
}
