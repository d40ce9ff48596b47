/** The bench view of a live accuracy run: the messages `haipump accuracy` publishes, and the state they build. */
export { BenchMessageSchema, type BenchMessage, type BenchSetup } from './messages.ts';
export { LiveBenchRun } from './live-run.ts';
export type { BenchView } from './view.ts';
