/**
 * `haipump hil run FILES...`: the hardware-in-the-loop scenario runner (src/hil/scenario).
 * Exit status (the CLI's table): 0 pass, 1 a step failed, 2 a scenario file is invalid, 3 the
 * device did not answer. The runner has no device-vs-model notion: a step's check is the verdict.
 */
import type { Command } from 'commander';
import * as z from 'zod';
import { closeAll } from '../../hil/cleanup.ts';
import { runScenarioFiles, type RunSummary, type ScenarioResult } from '../../hil/scenario/run.ts';
import type { Outcome } from '../exit-codes.ts';
import { reportOutcome, stderr } from '../io.ts';
import { numberFlag, parseOptions, print, printJsonLine } from '../shared.ts';

const HilRunOptions = z.object({
  device: z.string().min(1).optional(),
  junit: z.string().min(1).optional(),
  record: z.string().min(1).optional(),
  compare: z.string().min(1).optional(),
  parallel: numberFlag.pipe(z.number().int().min(1).max(256)).default(1),
  timeoutMs: numberFlag.pipe(z.number().int().min(10).max(600_000)).default(2000),
  emulatorMode: z.enum(['in-process', 'process']).default('in-process'),
  verbose: z.boolean().default(false),
  json: z.boolean().default(false),
});

/** The run's outcome from what happened (not from the runner's own number): silent wins over failed. */
function outcomeOf(summary: RunSummary): Outcome {
  if (summary.invalid.length > 0) return 'usage';
  if (summary.counts.silent > 0) return 'unreachable';
  return summary.counts.failed > 0 ? 'wrong' : 'ok';
}

function resultJson(r: ScenarioResult): Record<string, unknown> {
  return {
    type: 'scenario',
    file: r.file,
    scenario: r.scenario,
    status: r.status,
    message: r.message ?? null,
    step: r.stepPath ?? null,
    stepsRun: r.stepsRun,
    stepsTotal: r.stepsTotal,
    wallMs: r.wallMs,
    deviceTimeMs: r.deviceTimeMs,
    transcript: r.transcript ?? null,
  };
}

export function configure(command: Command): void {
  const hil = command;
  hil
    .command('run')
    .description('run scenario files (YAML/JSON); exit 0 pass, 1 step failed, 2 invalid scenario, 3 device did not answer')
    .argument('<files...>', 'scenario files, or directories of them')
    .option(
      '--device <dev>',
      'sim, sim:<personality>, hai:PATH[@BAUD], ne1000:PATH[@BAUD], elite11:PATH[@BAUD] (default: $HAIPUMP_DEVICE, else a fresh emulator per scenario)',
    )
    .option('--junit <file>', 'write JUnit XML here')
    .option('--record <dir>', 'save a transcript of every byte each way per scenario (JSON lines)')
    .option('--compare <dir>', 'compare each run with the transcripts recorded in DIR (golden test)')
    .option('--parallel <n>', 'scenarios at once, each with its own emulator and pty', '1')
    .option('--timeout-ms <ms>', 'real-time limit for one reply', '2000')
    .option('--emulator-mode <mode>', 'in-process (default) or process (a child `haipump sim` per emulator)', 'in-process')
    .option('--verbose', 'print every step')
    .option('--json', 'JSON lines: one per scenario, then a summary')
    .action(async (files: string[], raw: Record<string, unknown>) => {
      const options = parseOptions(HilRunOptions, raw);
      // Ctrl-C / a CI cancel: close every emulator, pty and socat before going.
      const abort = (): void => {
        void closeAll().finally(() => process.exit(130));
      };
      process.once('SIGINT', abort);
      process.once('SIGTERM', abort);
      try {
        const summary = await runScenarioFiles({
          files,
          device: options.device,
          junit: options.junit,
          record: options.record,
          compare: options.compare,
          parallel: options.parallel,
          requestTimeoutMs: options.timeoutMs,
          emulatorMode: options.emulatorMode,
          verbose: options.verbose && !options.json,
          print: options.json
            ? undefined
            : (line) =>
                print(`${line}
`),
          printError: (line) =>
            stderr().write(`${line}
`),
          onResult: options.json ? (r) => printJsonLine(resultJson(r)) : undefined,
        });
        const c = summary.counts;
        if (options.json) {
          printJsonLine({
            type: 'summary',
            exitCode: summary.exitCode,
            device: summary.device ?? 'sim',
            deviceSource: summary.deviceSource,
            ...c,
            invalid: summary.invalid,
            wallMs: summary.wallMs,
            junit: options.junit ?? null,
          });
        } else if (summary.invalid.length > 0) {
          print(`summary: ${summary.invalid.length} invalid scenario file(s); nothing was run (exit ${summary.exitCode})\n`);
        } else {
          print(
            `summary: ${c.total} scenario(s) on ${summary.device ?? 'emulators'}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped, ${c.silent} without an answering device; ${(summary.wallMs / 1000).toFixed(1)} s (exit ${summary.exitCode})
`,
          );
        }
        if (options.junit !== undefined && !options.json) print(`junit: ${options.junit}\n`);
        reportOutcome(outcomeOf(summary));
      } finally {
        process.off('SIGINT', abort);
        process.off('SIGTERM', abort);
        await closeAll();
      }
    });
}
