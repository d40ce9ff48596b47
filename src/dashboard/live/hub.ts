/**
 * Live updates over server-sent events: one stream per browser tab, every tab gets every event.
 * A tab that closes is only dropped from the set: nothing a run does waits on a tab, so closing
 * one (or all) never disturbs the run. A slow tab is not waited for either: when its socket's
 * buffer is full its events are dropped, and it catches up from the next snapshot it fetches.
 */
import type { ServerResponse } from 'node:http';
import { startEventStream } from '../http/respond.ts';

export type Topic = 'lifecycle' | 'bench' | 'runs';

/** Above this many unsent bytes a tab is behind; it gets no more until it drains. */
const MAX_BUFFERED_BYTES = 1 << 20;
/** A comment line this often keeps proxies and the browser from timing an idle stream out. */
const KEEPALIVE_MS = 15_000;

export class LiveHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly keepalive: ReturnType<typeof setInterval>;
  private sequence = 0;

  constructor() {
    this.keepalive = setInterval(() => {
      for (const res of this.clients) res.write(': keepalive\n\n');
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  get watchers(): number {
    return this.clients.size;
  }

  /** Takes over `res` as an event stream until the client goes away. */
  attach(res: ServerResponse): void {
    startEventStream(res);
    res.write(`retry: 1000\n: connected\n\n`);
    this.clients.add(res);
    const drop = (): void => void this.clients.delete(res);
    res.on('close', drop);
    res.on('error', drop);
  }

  publish(topic: Topic, data: unknown): void {
    this.sequence += 1;
    const frame = `id: ${this.sequence}\nevent: ${topic}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of this.clients) {
      if (res.writableLength > MAX_BUFFERED_BYTES) continue;
      res.write(frame);
    }
  }

  close(): void {
    clearInterval(this.keepalive);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
