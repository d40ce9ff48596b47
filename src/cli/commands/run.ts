/**
 * `haipump run --device DEV [--scenario FILE] [--speed S] [--days N] [--json] [--traffic-log FILE] [--dashboard URL]`:
 * drives a device through a lifecycle scenario (default: the tour), comparing what the device
 * says it delivered with what the model expects. `--device sim` runs the HAI firmware in this
 * process (the CLI may import firmware-sim; src/devices may not, so the factory lives here).
 */
import type { Command } from 'commander';
import * as z from 'zod';
import { RealClock } from '../../model/clock.ts';
import type { PumpProfile } from '../../model/index.ts';
import {
  TOUR_SCENARIO_FILE,
  loadScenarioFile,
  scenarioDays,
  scenarioStartAtMs,
  type Scenario,
  type TimelineEvent,
} from '../../lifecycle/index.ts';
import { MS_PER_DAY } from '../../model/index.ts';
import { describeError } from '../../model/errors.ts';
import type { LifecycleMessage } from '../../dashboard/lifecycle/messages.ts';
import { eventsMessage, newRunKey, resultMessages, startMessage } from '../../dashboard/publish/lifecycle.ts';
import { trafficSink } from '../../dashboard/publish/traffic.ts';
import { DASHBOARD_FLAG_HELP, DashboardUrlSchema, dashboardPublisher } from '../dashboard-flag.ts';
import { DEFAULT_PROFILE_NAME, loadProfile } from '../../profiles/load.ts';
import { openDevice, type InProcessEmulator, type OpenedDevice } from '../../devices/index.ts';
import { deviceFlag } from '../device-flag.ts';
import { playScenario, runVerdict, type ControllerResult } from '../../controller/index.ts';
import { describeComparison, reportLines } from '../../controller/report.ts';
import { MemoryNvm } from '../../../firmware-sim/hal/nvm-memory.ts';
import { createUartPair } from '../../../firmware-sim/hal/uart-pair.ts';
import { createHaiDevice } from '../../../firmware-sim/personalities/hai/index.ts';
import { reportOutcome, stderr } from '../io.ts';
import { numberFlag, parseOptions, print, printJson } from '../shared.ts';
import { SpeedSchema, simulationJson } from './simulate.ts';

const OptionsSchema = z.strictObject({
  device: deviceFlag,
  scenario: z.string().min(1).optional(),
  profile: z.string().min(1).optional(),
  speed: SpeedSchema.optional(),
  days: numberFlag.pipe(z.number().positive().max(36_600)).optional(),
  json: z.boolean().default(false),
  trafficLog: z.string().min(1).optional(),
  dashboard: DashboardUrlSchema.optional(),
  crc: z.boolean().default(true),
  syringe: z.string().min(1).optional(),
  timeoutMs: numberFlag.pipe(z.number().int().min(10).max(600_000)).default(2000),
  tolerancePct: numberFlag.pipe(z.number().min(0).max(100)).default(2),
  toleranceMl: numberFlag.pipe(z.number().min(0).max(100)).default(0.05),
});

/** The HAI firmware on an in-process cable, world time frozen: the controller advances it. */
function emulatorFactory(profile: PumpProfile): () => Promise<InProcessEmulator> {
  return async () => {
    const pair = createUartPair({ deliverSync: false });
    const clock = new RealClock();
    const firmware = createHaiDevice({ profile, uart: pair.device, clock, nvm: new MemoryNvm(), speed: 0, sleepWhenIdle: true });
    firmware.start();
    return {
      pipe: pair.host,
      stop: async () => {
        firmware.stop();
        clock.clearAll();
        await pair.device.close();
      },
    };
  };
}

function loadInputs(options: z.output<typeof OptionsSchema>): { scenario: Scenario; profile: PumpProfile } {
  const scenario = loadScenarioFile(options.scenario ?? TOUR_SCENARIO_FILE);
  return { scenario, profile: loadProfile(options.profile ?? scenario.profile ?? DEFAULT_PROFILE_NAME) };
}

export function configure(command: Command): void {
  command
    .requiredOption('--device <dev>', 'sim | hai:PATH[@BAUD] | ne1000:PATH[@BAUD] | elite11:PATH[@BAUD]')
    .option('--scenario <file>', 'scenario file (YAML or JSON); default: the built-in tour')
    .option('--profile <name>', `pump profile (default: the scenario's, else ${DEFAULT_PROFILE_NAME})`)
    .option('--speed <s>', 'real-time factor for a real device; an emulator runs in lockstep ("max")')
    .option('--days <n>', "how many days to run (default: the scenario's days)")
    .option('--json', 'one JSON document on stdout', false)
    .option('--traffic-log <file>', 'append the raw serial traffic as JSON lines')
    .option('--dashboard <url>', DASHBOARD_FLAG_HELP)
    .option('--no-crc', 'send requests without the *HHHH CRC suffix')
    .option('--syringe <name>', 'syringe pumps: the syringe (hardware/ data) that bounds every rate')
    .option('--timeout-ms <ms>', 'reply timeout per request (real ms)', '2000')
    .option('--tolerance-pct <p>', 'device-vs-model tolerance, % of the model value', '2')
    .option('--tolerance-ml <v>', 'device-vs-model tolerance floor, mL', '0.05')
    .action(async (raw: { device: string }) => {
      const options = parseOptions(OptionsSchema, raw);
      const { scenario, profile } = loadInputs(options);
      const publisher = dashboardPublisher(options.dashboard);
      const key = newRunKey('run');
      const publish = (message: LifecycleMessage): void => publisher?.publish(message);
      const trafficLog = publisher === undefined ? options.trafficLog : trafficSink(key, publish, options.trafficLog);
      const opened: OpenedDevice = await openDevice(options.device, {
        crc: options.crc,
        timeoutMs: options.timeoutMs,
        ...(trafficLog === undefined ? {} : { trafficLog }),
        ...(options.syringe === undefined ? {} : { syringe: options.syringe }),
        startEmulator: emulatorFactory(profile),
      });
      const progress = options.json ? undefined : (text: string): void => void stderr().write(`  ${text}\n`);
      let result: ControllerResult;
      const startAtMs = scenarioStartAtMs(scenario);
      publish(
        startMessage(key, {
          source: 'run',
          scenario: scenario.name ?? options.scenario ?? 'tour',
          profile: profile.name,
          speed: options.speed ?? 'max',
          startAtMs,
          endAtMs: startAtMs + scenarioDays(scenario, options.days) * MS_PER_DAY,
          device: raw.device,
        }),
      );
      try {
        result = await playScenario({
          ...(publisher === undefined ? {} : { onEvent: (event: TimelineEvent) => publish(eventsMessage(key, [event])) }),
          device: opened.device,
          profile,
          scenario,
          ...(options.days === undefined ? {} : { days: options.days }),
          ...(options.speed === undefined ? {} : { speed: options.speed }),
          tolerance: { fraction: options.tolerancePct / 100, minMl: options.toleranceMl },
          ...(progress === undefined
            ? {}
            : {
                onProgress: (p) =>
                  progress(
                    `day ${p.day.toFixed(2)}: rate ${p.rateMlPerDay.toFixed(4)} mL/day, delivered device ${p.deviceDeliveredMl.toFixed(4)} / model ${p.modelDeliveredMl.toFixed(4)} mL`,
                  ),
                onComparison: opened.device.capabilities.simulatedTime
                  ? undefined
                  : (c) => progress(`day ${c.day.toFixed(2)}: ${describeComparison(c)}`),
              }),
        });
      } catch (error) {
        publish({ type: 'lifecycle-end', key, status: 'failed', atMs: Date.now(), message: describeError(error) });
        await publisher?.flush();
        throw error;
      } finally {
        await opened.close().catch(() => undefined);
      }
      const verdict = runVerdict(result);
      if (publisher !== undefined) {
        for (const message of resultMessages(key, { ...result.simulation, events: [] })) publish(message);
        await publisher.flush();
      }
      if (options.json) {
        printJson({
          verdict,
          device: { spec: raw.device, kind: opened.device.kind, ...result.identity, capabilities: opened.device.capabilities },
          mode: result.mode,
          ...simulationJson(result.simulation),
          comparisons: result.comparisons,
          reconciliation: result.reconciliation,
          ledger: result.ledger,
          linkEpisodes: result.linkEpisodes,
          restarts: result.restarts,
          deviations: result.deviations,
          deviceEvents: result.deviceEvents,
          notes: result.notes,
        });
      } else {
        const lines = reportLines(result, raw.device);
        lines.push(verdict.ok ? 'verdict: ok: the device agreed with the model' : `verdict: WRONG: ${verdict.reasons.join('; ')}`);
        print(`${lines.join('\n')}\n`);
      }
      if (!verdict.ok) reportOutcome('wrong');
    });
}
