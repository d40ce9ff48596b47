/**
 * Replies. An error is a status and one line of reason, as text/plain: never a stack trace, so
 * nothing of the server's insides reaches a browser tab or a script.
 */
import type { ServerResponse } from 'node:http';

/** Every reply: no caching of live data, no sniffing, no framing by other sites. */
const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);
}

export function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendError(res: ServerResponse, status: number, reason: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  // One line: a reason with a newline in it would read as two.
  send(res, status, 'text/plain; charset=utf-8', `${status} ${reason.split('\n')[0]}\n`);
}

/** Headers for a server-sent event stream. */
export function startEventStream(res: ServerResponse): void {
  res.writeHead(200, { ...COMMON_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
  res.flushHeaders();
}
