/**
 * Runs device operations through link trouble (safety requirement 10). A lost link or an
 * unanswered request is reported at once (the caller raises LINK_LOST); the operation is then
 * retried, and the transport holds the retry until the port is back and re-synchronised. Only
 * operations that are safe to repeat are repeated: for the others, `verify` asks the device what
 * happened instead of sending the command again.
 */
import type { Clock } from '../model/clock.ts';
import { DeviceError } from '../devices/pump-device.ts';
import { InvalidReplyError, LinkLostError, LinkNotOpenError, TimeoutError } from '../transport/index.ts';
import { describeError } from '../model/errors.ts';

export type LinkTrouble = 'lost' | 'garbled';

/** The guard waited for a lost device as long as it may: final, never retried. */
export class LinkGaveUpError extends DeviceError {
  override name = 'LinkGaveUpError';
  constructor(message: string) {
    super(message, 'silent');
  }
}

/** Link problems we ride out; anything else (a refusal, a bug) goes straight to the caller. */
export function linkTroubleOf(error: unknown): LinkTrouble | null {
  if (error instanceof LinkGaveUpError) return null;
  if (error instanceof LinkLostError || error instanceof TimeoutError || error instanceof LinkNotOpenError) return 'lost';
  // The bench-pump drivers explain transport failures as DeviceErrors: silent, or the link lost.
  if (error instanceof DeviceError && (error.code === 'silent' || error.code === 'link')) return 'lost';
  // A reply with a bad CRC is "not received" (PROTOCOL.md 3.6): re-ask, but the link is up.
  if (error instanceof InvalidReplyError) return 'garbled';
  return null;
}

export interface LinkGuardOptions {
  /** Real ms to wait for a lost device before giving up the run, on `clock`. */
  giveUpMs: number;
  /** Real time (never the model's virtual clock: a lost device is waited for in real time). */
  clock: Clock;
  onLost: (detail: string) => void;
  /** An operation went through after the link was lost during it: the device is back. */
  onBack?: () => void;
}

export interface GuardedOp<T> {
  label: string;
  run: () => Promise<T>;
  /** For commands that must not run twice: finds out after a failure whether it took. */
  verify?: () => Promise<{ done: true; value: T } | { done: false }>;
}

export class LinkGuard {
  constructor(private readonly options: LinkGuardOptions) {}

  async run<T>(op: GuardedOp<T>): Promise<T> {
    const startedAtMs = this.options.clock.now();
    let attempt: () => Promise<T> = op.run;
    let lost = false;
    for (;;) {
      try {
        const value = await this.bounded(op.label, attempt, startedAtMs);
        if (lost) this.options.onBack?.();
        return value;
      } catch (error) {
        const trouble = linkTroubleOf(error);
        if (trouble === null) throw error;
        if (trouble === 'lost') {
          lost = true;
          this.options.onLost(`${op.label}: ${describeError(error)}`);
        }
        const verify = op.verify;
        if (verify !== undefined) {
          attempt = async () => {
            const check = await verify();
            return check.done ? check.value : op.run();
          };
        }
      }
    }
  }

  /** The transport queues a request until the port is back; this bounds that wait in real time. */
  private bounded<T>(label: string, attempt: () => Promise<T>, startedAtMs: number): Promise<T> {
    const { clock } = this.options;
    const leftMs = this.options.giveUpMs - (clock.now() - startedAtMs);
    if (leftMs <= 0) return Promise.reject(this.silent(label));
    return new Promise<T>((resolve, reject) => {
      const timer = clock.setTimeout(() => reject(this.silent(label)), leftMs);
      attempt().then(
        (value) => {
          clock.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clock.clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private silent(label: string): DeviceError {
    return new LinkGaveUpError(`${label}: the device did not come back within ${this.options.giveUpMs} ms`);
  }
}
