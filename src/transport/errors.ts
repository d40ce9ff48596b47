/** Typed transport failures, so callers branch on `instanceof`, never on message text. */
import { describeError } from '../model/errors.ts';

export class TransportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The request got no reply within its timeout. */
export class TimeoutError extends TransportError {
  constructor(
    readonly requestLabel: string,
    readonly timeoutMs: number,
  ) {
    super(`no reply to ${JSON.stringify(requestLabel)} within ${timeoutMs} ms`);
  }
}

/** The link dropped (unplug, peer gone) while the request was in flight. */
export class LinkLostError extends TransportError {
  constructor(
    readonly requestLabel: string,
    cause?: unknown,
  ) {
    super(`link lost while waiting for the reply to ${JSON.stringify(requestLabel)}`, { cause });
  }
}

/** The link was closed on purpose; pending and later requests fail with this. */
export class LinkClosedError extends TransportError {
  constructor(what = 'link') {
    super(`${what} is closed`);
  }
}

/** A write was attempted while the port is not open (e.g. mid-reconnect). */
export class LinkNotOpenError extends TransportError {
  constructor(readonly path: string) {
    super(`port ${path} is not open`);
  }
}

/** Opening (or re-finding) the port failed after every allowed attempt. */
export class OpenFailedError extends TransportError {
  constructor(
    readonly path: string,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`could not open ${path} after ${attempts} attempt(s): ${describeError(cause)}`, { cause });
  }
}

/** A frame arrived as the reply but failed validation (bad CRC, wrong shape). */
export class InvalidReplyError extends TransportError {
  constructor(
    readonly requestLabel: string | undefined,
    readonly frameText: string,
    readonly reason: string,
  ) {
    super(
      requestLabel === undefined
        ? `invalid frame ${JSON.stringify(frameText)}: ${reason}`
        : `invalid reply to ${JSON.stringify(requestLabel)}: ${JSON.stringify(frameText)}: ${reason}`,
    );
  }
}

// The one describer every layer uses.
export { describeError };
