import type { BenchRegistry } from '../live/bench-registry.ts';
import type { LifecycleRegistry } from '../lifecycle/registry.ts';
import type { RunningSimulation } from '../lifecycle/simulation.ts';
import type { LiveHub } from '../live/hub.ts';
import { HttpError } from '../http/respond.ts';

/** What every route handler shares: the live state and how the server was started. */
export interface DashboardContext {
  hub: LiveHub;
  lifecycle: LifecycleRegistry;
  bench: BenchRegistry;
  dbPath: string;
  allowControl: boolean;
  timeZone: string;
  nowMs: () => number;
  token: string;
  /** Simulations this server started, by run key. */
  simulations: Map<string, RunningSimulation>;
}

/** Start, stop and acknowledge need --allow-control; everything else only reads. */
export function requireControl(context: DashboardContext): void {
  if (!context.allowControl) throw new HttpError(403, 'read-only dashboard: start it with --allow-control to start, stop or acknowledge');
}
