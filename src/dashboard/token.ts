/**
 * The start-up token, the way a notebook server does it: a random secret printed once in the URL,
 * required on every request, so another local user or a web page in the same browser cannot read
 * the board or drive a simulation just by knowing the port.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes: far beyond guessing, short enough to paste. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so the check leaks nothing of the token through its timing. */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of a request: `?token=` (links, EventSource) or `Authorization: Bearer` (scripts). */
export function tokenOfRequest(url: URL, authorization: string | undefined): string | undefined {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null) return fromQuery;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1];
}
