/** The controller: plays a lifecycle scenario on a PumpDevice and checks it against the model. */
export { playScenario } from './player.ts';
export { runVerdict } from './verdict.ts';
export { LinkGuard, LinkGaveUpError, linkTroubleOf } from './link-guard.ts';
export type { ControllerResult } from './types.ts';
