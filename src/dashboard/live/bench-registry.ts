/**
 * The live accuracy runs published to this dashboard, by run key. A few ended runs are kept so a
 * tab opened after the end still shows the final figures (the stored run is in the store).
 */
import { type BenchMessage, LiveBenchRun } from '../bench/index.ts';
import { AccuracyError } from '../../accuracy/errors.ts';
import { HttpError } from '../http/respond.ts';
import type { LiveHub } from './hub.ts';
import { keepNewest } from './keep-newest.ts';

const KEEP_RUNS = 8;

export class BenchRegistry {
  private readonly runs = new Map<string, LiveBenchRun>();

  constructor(private readonly hub: LiveHub) {}

  /** Applies a message; false when it names a run this dashboard was never told of. */
  apply(message: BenchMessage, receivedAtMs: number): boolean {
    if (message.type === 'setup') {
      this.runs.delete(message.runKey);
      let run: LiveBenchRun;
      try {
        run = new LiveBenchRun(message);
      } catch (error) {
        // A set-up no sample could ever make analysable (a density in kg/m³, an empty period).
        if (error instanceof AccuracyError) throw new HttpError(400, `setup of "${message.runKey}": ${error.message}`);
        throw error;
      }
      this.runs.set(message.runKey, run);
      keepNewest(this.runs, KEEP_RUNS);
    } else {
      const run = this.runs.get(message.runKey);
      if (run === undefined) return false;
      // A duplicate or out-of-order sample is left out and changes nothing the page shows; the run goes on.
      run.apply(message, receivedAtMs);
    }
    const view = this.runs.get(message.runKey)?.view();
    if (view !== undefined) this.hub.publish('bench', { runKey: view.runKey, status: view.status, samples: view.progress.samples });
    if (message.type === 'end' && message.runId !== null) this.hub.publish('runs', { runId: message.runId });
    return true;
  }

  get(runKey: string): LiveBenchRun | undefined {
    return this.runs.get(runKey);
  }

  list(): { runKey: string; status: string; pump: string; samples: number }[] {
    return [...this.runs.values()].map((run) => {
      const v = run.view();
      return { runKey: v.runKey, status: v.status, pump: v.setup.pump, samples: v.progress.samples };
    });
  }
}
