import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { z } from 'zod';
import { ScaledClock, type Clock } from '../../model/clock.ts';
import { MS_PER_DAY } from '../../model/index.ts';
import {
  ScenarioError,
  loadScenarioFile,
  runSimulation,
  scenarioStartAtMs,
  type SimulationResult,
  type TimelineEvent,
} from '../../lifecycle/index.ts';
import { DEFAULT_PROFILE_NAME, loadProfile } from '../../profiles/load.ts';
import { CliError, parseOptions, printJson } from '../shared.ts';

export const TOUR_SCENARIO_FILE = fileURLToPath(new URL('../../../scenarios/tour.yaml', import.meta.url));

/** `--speed max` (discrete-event virtual time) or a real-time factor such as 60. */
export const SpeedSchema = z.union([
  z.literal('max'),
  z.coerce.number().positive('must be a positive number or "max"').max(1e9),
]);

const OptionsSchema = z.strictObject({
  days: z.coerce.number().positive().max(36_600).optional(),
  scenario: z.string().min(1).optional(),
  profile: z.string().min(1).optional(),
  speed: SpeedSchema.default('max'),
  json: z.boolean().default(false),
});

const dateOf = (atMs: number): string => new Date(atMs).toISOString().replace('T', ' ').slice(0, 16);

function describe(event: TimelineEvent): string {
  const d = event.detail ?? {};
  const num = (key: string, digits = 3): string => (typeof d[key] === 'number' ? (d[key] as number).toFixed(digits) : '-');
  switch (event.type) {
    case 'state':
      return `→ ${event.shortState}`;
    case 'fill':
      return `fill ${num('volumeMl', 1)} mL ${String(d.infusate)}${d.recipeFudrMg === null ? '' : ` (FUDR ${num('recipeFudrMg', 1)} mg for ${num('recipeFlowMlPerDay')} mL/day)`}`;
    case 'drain':
      return `drain: returned ${num('returnedMl')} mL, measured flow ${num('measuredFlowMlPerDay')} mL/day (${d.level === 'ok' ? 'ok' : `${String(d.level)}, ${(100 * Number(d.deviationFraction)).toFixed(1)} %`})`;
    case 'alarm':
      return `ALARM ${String(d.code)} [${String(d.severity)}]: ${String(d.cause)}`;
    case 'ack':
      return `acknowledged ${String(d.code)}`;
    case 'env':
      return `environment: ${num('tempC', 1)} °C, ambient ${num('ambientMmHg', 0)} mmHg${d.altitudeM === null ? '' : ` (${num('altitudeM', 0)} m)`}, arterial ${num('arterialMmHg', 0)} mmHg → ${num('rateMlPerDay')} mL/day`;
    case 'bolus':
      return `side-port bolus ${num('volumeMl', 1)} mL`;
    case 'bolus-done':
      return `bolus done`;
    case 'taper':
      return `bellows taper begins`;
    case 'refused':
      return `refused ${String(d.event)}: ${String(d.reason)}`;
    default:
      return event.type;
  }
}

export function printTimeline(result: SimulationResult): void {
  const out: string[] = [];
  out.push(`haipump simulate: profile ${result.profile}, ${dateOf(result.startAtMs)} → ${dateOf(result.endAtMs)} UTC (model parameters are estimates)`);
  out.push('');
  out.push('  date (UTC)         day     volume  event');
  for (const event of result.events) {
    out.push(`  ${dateOf(event.atMs)}  ${event.day.toFixed(2).padStart(6)}  ${event.volumeMl.toFixed(3).padStart(7)} mL  ${describe(event)}`);
  }
  const t = result.totals;
  out.push('');
  out.push(`totals: filled ${t.filledMl.toFixed(3)} mL = delivered ${t.deliveredMl.toFixed(3)} + drained ${t.drainedMl.toFixed(3)} + remaining ${t.remainingMl.toFixed(3)} mL (error ${t.conservationErrorMl.toExponential(1)} mL)`);
  out.push(`        side-port boluses ${t.bolusMl.toFixed(3)} mL; ${t.fills} fills, ${t.drains} drains, ${t.alarms} alarms, ${t.refusals} refused commands`);
  if (t.measuredFlowMlPerDay !== null) out.push(`        last measured flow ${t.measuredFlowMlPerDay.toFixed(3)} mL/day`);
  if (t.refillDueAtMs !== null) out.push(`        next refill due ${dateOf(t.refillDueAtMs)} UTC`);
  out.push(`states visited: ${result.statesVisited.length} (${result.statesVisited.join(', ')})`);
  process.stdout.write(`${out.join('\n')}\n`);
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description('run the pump lifecycle in virtual time on a scenario (default: the built-in tour) and print the timeline')
    .option('--days <n>', 'how many days to simulate (default: the scenario\'s days)')
    .option('--scenario <file>', 'scenario file (YAML or JSON); default: the built-in tour')
    .option('--profile <name>', `pump profile (default: the scenario's, else ${DEFAULT_PROFILE_NAME})`)
    .option('--speed <s>', '"max" for virtual time, or a real-time factor such as 60', 'max')
    .option('--json', 'one JSON document { events, totals, ... } on stdout', false)
    .action(async (raw: unknown) => {
      const options = parseOptions(OptionsSchema, raw);
      let scenario;
      try {
        scenario = loadScenarioFile(options.scenario ?? TOUR_SCENARIO_FILE);
      } catch (error) {
        if (error instanceof ScenarioError) throw new CliError(error.message, 2);
        throw error;
      }
      let profile;
      try {
        profile = loadProfile(options.profile ?? scenario.profile ?? DEFAULT_PROFILE_NAME);
      } catch (error) {
        throw new CliError(error instanceof Error ? error.message : String(error), 2);
      }
      const startAtMs = scenarioStartAtMs(scenario);
      const clock: Clock | undefined = options.speed === 'max' ? undefined : new ScaledClock(options.speed, startAtMs);
      const progress =
        options.json || clock === undefined
          ? undefined
          : (event: TimelineEvent): void => {
              process.stderr.write(`  day ${event.day.toFixed(2)}: ${describe(event)}\n`);
            };
      const result = await runSimulation({
        profile,
        scenario,
        ...(clock === undefined ? {} : { clock }),
        ...(options.days === undefined ? {} : { days: options.days }),
        ...(progress === undefined ? {} : { onEvent: progress }),
      });
      if (options.json) {
        printJson({
          profile: result.profile,
          startAtMs: result.startAtMs,
          endAtMs: result.endAtMs,
          days: (result.endAtMs - result.startAtMs) / MS_PER_DAY,
          statesVisited: result.statesVisited,
          events: result.events.map(({ shortState: _s, ...event }) => event),
          totals: result.totals,
        });
      } else {
        printTimeline(result);
      }
    });
}
