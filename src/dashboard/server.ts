/**
 * `haipump dashboard`: a local web application over the modules below it. Safe by default: it
 * binds the loopback unless told a host, every request needs the start-up token, and it is
 * read-only unless started with allowControl (start, stop, acknowledge). Bad requests get a 4xx
 * and one line of reason; an unexpected error gets a 500 with one line, never a stack trace.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LifecycleRegistry } from './lifecycle/registry.ts';
import { LiveHub } from './live/hub.ts';
import { HttpError, sendError } from './http/respond.ts';
import { Router } from './http/router.ts';
import { newToken, tokenMatches, tokenOfRequest } from './token.ts';
import { addPageRoutes } from './routes/page.ts';
import { addLifecycleRoutes } from './routes/lifecycle.ts';
import { addPublishRoute } from './routes/publish.ts';
import { addStoreRoutes } from './routes/store.ts';
import { addBenchRoutes } from './routes/bench.ts';
import { BenchRegistry } from './live/bench-registry.ts';
import type { DashboardContext } from './routes/context.ts';

/** Loopback: another machine reaches the dashboard only when --host says so. */
export const DEFAULT_HOST = '127.0.0.1';

export interface DashboardOptions {
  /** The store file the board and the stored runs read (opened read-only per request). */
  dbPath: string;
  host?: string;
  /** 0 (the default) lets the system pick a free port; the URL printed says which. */
  port?: number;
  allowControl?: boolean;
  /** For tests that need a known token; otherwise a fresh random one. */
  token?: string;
  /** The zone of times on the board and in the calendar feed. */
  timeZone: string;
  /** "now" for the board (tests pin it). */
  nowMs?: () => number;
}

export interface RunningDashboard {
  url: string;
  /** The URL with the token, as printed at start-up. */
  urlWithToken: string;
  token: string;
  port: number;
  host: string;
  close(): Promise<void>;
}

export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const token = options.token ?? newToken();
  const host = options.host ?? DEFAULT_HOST;
  const hub = new LiveHub();
  const context: DashboardContext = {
    hub,
    lifecycle: new LifecycleRegistry(hub),
    bench: new BenchRegistry(hub),
    dbPath: options.dbPath,
    allowControl: options.allowControl === true,
    timeZone: options.timeZone,
    nowMs: options.nowMs ?? Date.now,
    token,
    simulations: new Map(),
  };
  const router = new Router();
  addPageRoutes(router, context);
  addLifecycleRoutes(router, context);
  addBenchRoutes(router, context);
  addStoreRoutes(router, context);
  addPublishRoute(router, context);

  const server = createServer((req, res) => void handle(req, res, router, token));
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/`;
  return {
    url,
    urlWithToken: `${url}?token=${encodeURIComponent(token)}`,
    token,
    port,
    host,
    close: async () => {
      for (const simulation of context.simulations.values()) simulation.stop();
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, router: Router, token: string): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    if (!tokenMatches(tokenOfRequest(url, req.headers.authorization), token)) {
      throw new HttpError(401, 'missing or wrong token: open the URL that `haipump dashboard` printed');
    }
    const found = router.find(req.method ?? 'GET', url.pathname);
    if ('allowed' in found) {
      if (found.allowed.length === 0) throw new HttpError(404, `no such page or API: ${url.pathname}`);
      res.setHeader('allow', found.allowed.join(', '));
      throw new HttpError(405, `${req.method} not allowed on ${url.pathname} (allowed: ${found.allowed.join(', ')})`);
    }
    await found.handler({ req, res, url, params: found.params });
  } catch (error) {
    if (error instanceof HttpError) sendError(res, error.status, error.message);
    else sendError(res, 500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
