/**
 * The state behind the bench view of one live accuracy run: the set-up, then the samples one at a
 * time as the publisher sends them. Pure: no I/O, no timers; the caller passes each message's
 * arrival time. Messages that would make the series disagree with the run's own (a sample out of
 * order, time not increasing) are refused and leave the state as it was; a repeated sample (a
 * publisher retrying) is ignored.
 */
import { AccuracyError } from '../../accuracy/errors.ts';
import type { MassSample } from '../../accuracy/types.ts';
import { type Arrival, etaS } from './eta.ts';
import { benchFigures } from './figures.ts';
import { type BenchEnd, type BenchLink, type BenchMessage, type BenchSample, type BenchSetup, setupProblem } from './messages.ts';
import type { BenchView, LinkView } from './view.ts';

export type BenchOutcome = { kind: 'accepted' } | { kind: 'ignored'; reason: string } | { kind: 'refused'; reason: string };

const ACCEPTED: BenchOutcome = { kind: 'accepted' };

export class LiveBenchRun {
  readonly runKey: string;
  private readonly setup: Omit<BenchSetup, 'type'>;
  private readonly samples: MassSample[] = [];
  private readonly seenIndices = new Set<number>();
  private lastIndex = -1;
  private total: number | null = null;
  private firstArrival: Arrival | undefined;
  private lastArrival: Arrival | undefined;
  private readonly links: BenchView['links'] = { pump: null, balance: null };
  private status: BenchView['status'] = 'running';
  private runId: number | null = null;
  private endMessage: string | null = null;
  /** The view until the next change: the page asks far more often than samples arrive. */
  private cached: BenchView | undefined;

  /** Throws AccuracyError for a set-up no samples could be analysed under (the schema refuses it too). */
  constructor(setup: BenchSetup) {
    const problem = setupProblem(setup);
    if (problem !== undefined) throw new AccuracyError(problem.code, problem.message);
    const { type: _type, ...rest } = setup;
    this.setup = rest;
    this.runKey = setup.runKey;
  }

  /** Any message after the set-up. `receivedAtMs` is the dashboard's wall clock when the message arrived. */
  apply(message: Exclude<BenchMessage, { type: 'setup' }>, receivedAtMs: number): BenchOutcome {
    switch (message.type) {
      case 'sample':
        return this.addSample(message, receivedAtMs);
      case 'link':
        return this.setLink(message);
      case 'end':
        return this.end(message);
    }
  }

  addSample(sample: BenchSample, receivedAtMs: number): BenchOutcome {
    const refused = this.refusal(sample.runKey) ?? this.sampleRefusal(sample, receivedAtMs);
    if (refused !== undefined) return refused;
    if (this.seenIndices.has(sample.index)) return { kind: 'ignored', reason: `sample ${sample.index} again` };
    const last = this.samples.at(-1);
    if (sample.index < this.lastIndex) return refuse(`sample ${sample.index} after sample ${this.lastIndex}`);
    if (last !== undefined && !(sample.atS > last.atS)) {
      return refuse(`sample ${sample.index} at ${sample.atS} s is not after the previous one at ${last.atS} s`);
    }
    this.samples.push({ atS: sample.atS, massG: sample.massG });
    this.seenIndices.add(sample.index);
    this.lastIndex = sample.index;
    this.total = sample.total;
    const arrival = { atS: sample.atS, receivedAtMs };
    this.firstArrival ??= arrival;
    this.lastArrival = arrival;
    this.cached = undefined;
    return ACCEPTED;
  }

  setLink(link: BenchLink): BenchOutcome {
    // Links are taken after the end too: the publisher closes its devices after it says so.
    if (link.runKey !== this.runKey) return refuse(`link for run ${link.runKey}, not ${this.runKey}`);
    const view: LinkView = { state: link.state, detail: link.detail ?? null };
    this.links[link.device] = view;
    this.cached = undefined;
    return ACCEPTED;
  }

  end(end: BenchEnd): BenchOutcome {
    const refused = this.refusal(end.runKey);
    if (refused !== undefined) return refused;
    this.status = end.status;
    this.runId = end.runId;
    this.endMessage = end.message ?? null;
    this.cached = undefined;
    return ACCEPTED;
  }

  view(): BenchView {
    this.cached ??= this.computeView();
    return this.cached;
  }

  private refusal(runKey: string): BenchOutcome | undefined {
    if (runKey !== this.runKey) return refuse(`message for run ${runKey}, not ${this.runKey}`);
    if (this.status !== 'running') return refuse(`run ${this.runKey} has ended (${this.status})`);
    return undefined;
  }

  private sampleRefusal(sample: BenchSample, receivedAtMs: number): BenchOutcome | undefined {
    if (!Number.isFinite(receivedAtMs)) return refuse(`arrival time ${receivedAtMs} ms is not finite`);
    if (this.total !== null && sample.total !== this.total) {
      return refuse(`sample ${sample.index} of ${sample.total}; the run's samples are of ${this.total}`);
    }
    if (sample.index > sample.total) return refuse(`sample ${sample.index} beyond the last one, ${sample.total}`);
    return undefined;
  }

  private computeView(): BenchView {
    const last = this.samples.at(-1);
    const total = this.total;
    const plannedEndS = total === null ? null : total * this.setup.intervalS;
    const eta =
      this.status !== 'running' || plannedEndS === null || this.firstArrival === undefined || this.lastArrival === undefined
        ? null
        : etaS(this.firstArrival, this.lastArrival, plannedEndS);
    return {
      runKey: this.runKey,
      setup: this.setup,
      status: this.status,
      runId: this.runId,
      endMessage: this.endMessage,
      links: { ...this.links },
      progress: {
        samples: this.samples.length,
        total,
        fraction: total === null ? null : total === 0 ? 1 : this.lastIndex / total,
        deviceElapsedS: last?.atS ?? 0,
        etaS: eta,
      },
      samples: this.samples.map((s) => ({ atS: s.atS, massG: s.massG })),
      ...benchFigures(this.setup, this.samples),
    };
  }
}

function refuse(reason: string): BenchOutcome {
  return { kind: 'refused', reason };
}
