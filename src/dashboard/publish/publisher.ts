/**
 * The client side of POST /api/publish, for `accuracy`, `simulate` and `run --dashboard URL`.
 * A dashboard is a window on a run, never a part of it: messages queue and go out in batches
 * one post at a time, a post that fails is reported once and its messages dropped, and nothing
 * here ever throws into the run or makes it wait (except `flush` at the end, which is bounded).
 */

export interface DashboardTarget {
  /** The dashboard's origin and base path, without the token. */
  baseUrl: string;
  token: string;
}

/** The URL `haipump dashboard` printed: http(s)://HOST:PORT/?token=...; undefined if it is not one. */
export function parseDashboardUrl(text: string): DashboardTarget | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const token = url.searchParams.get('token');
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || token === null || token === '') return undefined;
  return { baseUrl: `${url.origin}${url.pathname.replace(/\/?$/, '/')}`, token };
}

/** A post that takes longer than this is given up, so a hung dashboard cannot hold the run's end. */
const POST_TIMEOUT_MS = 10_000;
/** The server takes at most this many messages per post. */
const BATCH = 1000;

export class DashboardPublisher {
  private queue: unknown[] = [];
  private sending: Promise<void> | null = null;
  private warned = false;
  private posted = 0;
  private dropped = 0;

  constructor(
    private readonly target: DashboardTarget,
    private readonly warn: (text: string) => void,
  ) {}

  publish(message: unknown): void {
    this.queue.push(message);
    this.sending ??= this.drain().finally(() => {
      this.sending = null;
    });
  }

  /** Waits until what was published has been posted (or dropped); counts of both. */
  async flush(): Promise<{ posted: number; dropped: number }> {
    while (this.sending !== null) await this.sending;
    return { posted: this.posted, dropped: this.dropped };
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH);
      const problem = await this.post(batch);
      if (problem === null) this.posted += batch.length;
      else {
        this.dropped += batch.length;
        if (!this.warned) {
          this.warned = true;
          this.warn(`dashboard ${this.target.baseUrl}: ${problem}; the run goes on without it`);
        }
      }
    }
  }

  private async post(messages: unknown[]): Promise<string | null> {
    try {
      const response = await fetch(new URL('api/publish', this.target.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.target.token}` },
        body: JSON.stringify({ messages }),
        signal: AbortSignal.timeout(POST_TIMEOUT_MS),
      });
      if (response.ok) return null;
      return (await response.text()).trim().split('\n')[0] ?? `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    }
  }
}
