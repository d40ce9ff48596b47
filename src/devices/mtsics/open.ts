import { MTSICS_FACTORY_BAUD } from '../../../protocols/mtsics/index.ts';
import type { Clock } from '../../model/clock.ts';
import { SerialLink, type PortOpener } from '../../transport/index.ts';
import { BalanceError } from './errors.ts';
import { MtSicsBalance } from './device.ts';
import { describeError } from '../../model/errors.ts';

export interface OpenBalanceOptions {
  path: string;
  /** Default: the MT-SICS factory setting. */
  baudRate?: number;
  timeoutMs?: number;
  stableTimeoutMs?: number;
  clock?: Clock;
  opener?: PortOpener;
  openAttempts?: number;
}

/** Opens an MT-SICS balance on a serial port (kept connected by SerialLink: a replug reconnects). */
export async function openMtSicsBalance(options: OpenBalanceOptions): Promise<MtSicsBalance> {
  const baudRate = options.baudRate ?? MTSICS_FACTORY_BAUD;
  const link = new SerialLink({
    path: options.path,
    baudRate,
    clock: options.clock,
    opener: options.opener,
    openAttempts: options.openAttempts ?? 3,
  });
  try {
    await link.open();
  } catch (error) {
    await link.close();
    throw new BalanceError('link', `cannot open the balance port ${options.path}: ${describeError(error)}`, {
      cause: error,
    });
  }
  return new MtSicsBalance({
    link,
    path: options.path,
    baudRate,
    timeoutMs: options.timeoutMs,
    stableTimeoutMs: options.stableTimeoutMs,
    clock: options.clock,
  });
}

/** `mtsics:PATH[@BAUD]` → path and baud rate; undefined when the text is not of that form. */
export function parseBalanceSpec(text: string): { kind: 'mtsics'; path: string; baudRate: number } | undefined {
  const match = /^mtsics:(.+?)(?:@(\d+))?$/.exec(text);
  if (match === null || match[1] === undefined) return undefined;
  const baudRate = match[2] === undefined ? MTSICS_FACTORY_BAUD : Number(match[2]);
  if (!Number.isInteger(baudRate) || baudRate <= 0) return undefined;
  return { kind: 'mtsics', path: match[1], baudRate };
}
