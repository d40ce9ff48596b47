/**
 * The lifecycle runs this dashboard knows: its own simulations and those published to it. The
 * newest is the one the page shows; a few older ones are kept so a tab that opens late can
 * still read a run that just ended.
 */
import type { LiveHub } from '../live/hub.ts';
import type { LifecycleMessage } from './messages.ts';
import { LifecycleSession } from './session.ts';
import { keepNewest } from '../live/keep-newest.ts';

const KEEP_RUNS = 8;

export class LifecycleRegistry {
  private readonly sessions = new Map<string, LifecycleSession>();
  private latestKey: string | null = null;

  constructor(private readonly hub: LiveHub) {}

  /** Applies a message; false when it names a run this dashboard was never told of. */
  apply(message: LifecycleMessage): boolean {
    if (message.type === 'lifecycle-start') {
      this.sessions.delete(message.key);
      this.sessions.set(message.key, new LifecycleSession(message));
      this.latestKey = message.key;
      keepNewest(this.sessions, KEEP_RUNS);
    } else {
      const session = this.sessions.get(message.key);
      if (session === undefined) return false;
      session.apply(message);
    }
    const session = this.sessions.get(message.key);
    if (session !== undefined) this.hub.publish('lifecycle', session.tick());
    return true;
  }

  latest(): LifecycleSession | undefined {
    return this.latestKey === null ? undefined : this.sessions.get(this.latestKey);
  }

  get(key: string): LifecycleSession | undefined {
    return this.sessions.get(key);
  }

  list(): { key: string; scenario: string; source: string; status: string }[] {
    return [...this.sessions.values()].map((s) => {
      const v = s.snapshot();
      return { key: v.key, scenario: v.scenario, source: v.source, status: v.status };
    });
  }
}
