import type { Command } from 'commander';
import * as z from 'zod';
import { ScaledClock, type Clock } from '../../model/clock.ts';
import { MS_PER_DAY } from '../../model/index.ts';
import {
  TIMELINE_HEADER,
  dateOf,
  describeEvent,
  timelineRow,
  volumeColumn,
  loadScenarioFile,
  runSimulation,
  scenarioDays,
  scenarioStartAtMs,
  type SimulationResult,
  type TimelineEvent,
  TOUR_SCENARIO_FILE,
} from '../../lifecycle/index.ts';
import { DEFAULT_PROFILE_NAME, loadProfile } from '../../profiles/load.ts';
import { numberFlag, parseOptions, print, printJson } from '../shared.ts';
import { stderr } from '../io.ts';
import { DASHBOARD_FLAG_HELP, DashboardUrlSchema, dashboardPublisher } from '../dashboard-flag.ts';
import { eventsMessage, newRunKey, resultMessages, startMessage } from '../../dashboard/publish/lifecycle.ts';

/** `--speed max` (discrete-event virtual time) or a real-time factor such as 60. */
export const SpeedSchema = z.union([z.literal('max'), numberFlag.pipe(z.number().positive().max(1e6))], {
  error: 'must be "max" or a real-time factor up to 1e6 (such as 60); "max" is virtual time, faster than any factor',
});

const OptionsSchema = z.strictObject({
  days: numberFlag.pipe(z.number().positive().max(36_600)).optional(),
  scenario: z.string().min(1).optional(),
  profile: z.string().min(1).optional(),
  speed: SpeedSchema.default('max'),
  json: z.boolean().default(false),
  dashboard: DashboardUrlSchema.optional(),
});

/** Telemetry for the dashboard's reservoir chart: six-hourly points draw a smooth year. */
const DASHBOARD_TELEMETRY_MS = MS_PER_DAY / 4;

export function printTimeline(result: SimulationResult): void {
  const out: string[] = [];
  out.push(
    `haipump simulate: profile ${result.profile}, ${dateOf(result.startAtMs)} → ${dateOf(result.endAtMs)} UTC (model parameters are estimates)`,
  );
  out.push('');
  out.push(TIMELINE_HEADER);
  for (const event of result.events)
    out.push(timelineRow(event.atMs, result.startAtMs, `${volumeColumn(event.volumeMl)}  ${describeEvent(event)}`));
  const t = result.totals;
  out.push('');
  out.push(
    `totals: filled ${t.filledMl.toFixed(3)} mL = delivered ${t.deliveredMl.toFixed(3)} + drained ${t.drainedMl.toFixed(3)} + remaining ${t.remainingMl.toFixed(3)} mL (error ${t.conservationErrorMl.toExponential(1)} mL)`,
  );
  out.push(
    `        side-port boluses ${t.bolusMl.toFixed(3)} mL; ${t.fills} fills, ${t.drains} drains, ${t.alarms} alarms, ${t.refusals} refused commands`,
  );
  if (t.measuredFlowMlPerDay !== null) out.push(`        last measured flow ${t.measuredFlowMlPerDay.toFixed(3)} mL/day`);
  if (t.refillDueAtMs !== null) out.push(`        next refill due ${dateOf(t.refillDueAtMs)} UTC`);
  out.push(`states visited: ${result.statesVisited.length} (${result.statesVisited.join(', ')})`);
  print(`${out.join('\n')}\n`);
}

export function configure(command: Command): void {
  command
    .option('--days <n>', "how many days to simulate (default: the scenario's days)")
    .option('--scenario <file>', 'scenario file (YAML or JSON); default: the built-in tour')
    .option('--profile <name>', `pump profile (default: the scenario's, else ${DEFAULT_PROFILE_NAME})`)
    .option('--speed <s>', '"max" for virtual time, or a real-time factor such as 60', 'max')
    .option('--json', 'one JSON document { events, totals, ... } on stdout', false)
    .option('--dashboard <url>', DASHBOARD_FLAG_HELP)
    .action(async (raw: unknown) => {
      const options = parseOptions(OptionsSchema, raw);
      const scenario = loadScenarioFile(options.scenario ?? TOUR_SCENARIO_FILE);
      const profile = loadProfile(options.profile ?? scenario.profile ?? DEFAULT_PROFILE_NAME);
      const startAtMs = scenarioStartAtMs(scenario);
      const clock: Clock | undefined = options.speed === 'max' ? undefined : new ScaledClock(options.speed, startAtMs);
      const publisher = dashboardPublisher(options.dashboard);
      const key = newRunKey('simulate');
      const endAtMs = startAtMs + scenarioDays(scenario, options.days) * MS_PER_DAY;
      publisher?.publish(
        startMessage(key, {
          source: 'simulate',
          scenario: scenario.name ?? options.scenario ?? 'tour',
          profile: profile.name,
          speed: options.speed,
          startAtMs,
          endAtMs,
          device: null,
        }),
      );
      const say =
        options.json || clock === undefined
          ? undefined
          : (event: TimelineEvent): void => {
              stderr().write(`  day ${event.day.toFixed(2)}: ${describeEvent(event)}\n`);
            };
      // At a scaled speed the page follows the run event by event; at max it gets the whole run at the end.
      const live = publisher !== undefined && clock !== undefined;
      const onEvent =
        say === undefined && !live
          ? undefined
          : (event: TimelineEvent): void => {
              say?.(event);
              if (live) publisher.publish(eventsMessage(key, [event]));
            };
      const result = await runSimulation({
        profile,
        scenario,
        ...(clock === undefined ? {} : { clock }),
        ...(options.days === undefined ? {} : { days: options.days }),
        ...(onEvent === undefined ? {} : { onEvent }),
        ...(publisher === undefined ? {} : { telemetryEveryMs: DASHBOARD_TELEMETRY_MS }),
      });
      if (publisher !== undefined) {
        const messages = resultMessages(key, live ? { ...result, events: [] } : result);
        for (const message of messages) publisher.publish(message);
        await publisher.flush();
      }
      if (options.json) {
        printJson(simulationJson(result));
      } else {
        printTimeline(result);
      }
    });
}

/** The model run's part of the JSON, the same in `simulate` and in `run` (which adds the device's). */
export function simulationJson(result: SimulationResult): Record<string, unknown> {
  return {
    profile: result.profile,
    startAtMs: result.startAtMs,
    endAtMs: result.endAtMs,
    days: (result.endAtMs - result.startAtMs) / MS_PER_DAY,
    statesVisited: result.statesVisited,
    events: result.events.map(({ shortState: _s, ...event }) => event),
    totals: result.totals,
  };
}
