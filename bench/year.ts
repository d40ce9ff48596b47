/**
 * A 365-day pump life in virtual time: 13 cycles of 28 days (14 days FUDR, 14 days heparinized
 * saline, a drain and a fill at each switch), with a telemetry sample every minute kept in memory.
 * Prints one JSON line: wall time, speed-up over real time, samples, peak RSS.
 */
import { performance } from 'node:perf_hooks';
import { MS_PER_DAY, MS_PER_MINUTE } from '../src/model/index.ts';
import { loadProfile } from '../src/profiles/load.ts';
import { parseScenario, runSimulation, type ScenarioStep } from '../src/lifecycle/index.ts';

export function yearScenarioSteps(cycles = 13): ScenarioStep[] {
  const steps: ScenarioStep[] = [];
  for (let c = 0; c < cycles; c++) {
    const day = c * 28;
    if (c > 0) steps.push({ day, type: 'DRAIN' });
    steps.push({ day: day + 0.01, type: 'FILL', infusate: 'fudr', volumeMl: c === 0 ? 30 : 29, drugDays: 14, doseMgPerKgDay: 0.12 });
    steps.push({ day: day + 14, type: 'DRAIN' });
    steps.push({ day: day + 14.01, type: 'FILL', infusate: 'heparinized-saline', volumeMl: 29 });
    if (c % 4 === 1) steps.push({ day: day + 20, type: 'ENV', tempC: 38.8 }, { day: day + 21, type: 'ENV', tempC: 37 });
  }
  return steps;
}

export async function benchYear(): Promise<Record<string, number | string>> {
  const profile = loadProfile('codman-3000-30ml');
  const scenario = parseScenario({ name: 'year', days: 365, weightKg: 70, steps: yearScenarioSteps() }, 'year');
  const t0 = performance.now();
  const result = await runSimulation({ profile, scenario, telemetryEveryMs: MS_PER_MINUTE });
  const wallMs = performance.now() - t0;
  const simulatedMs = 365 * MS_PER_DAY;
  return {
    bench: 'year',
    simulatedDays: 365,
    refills: result.totals.drains,
    telemetrySamples: result.telemetry?.count ?? 0,
    timelineEvents: result.events.length,
    wallMs: Math.round(wallMs),
    speedUp: Math.round(simulatedMs / wallMs),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    conservationErrorMl: result.totals.conservationErrorMl,
    target: 'speedUp >= 1e7, peakRssMb < 300',
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchYear()));
}
