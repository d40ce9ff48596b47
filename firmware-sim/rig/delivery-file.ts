import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as z from 'zod';
import type { DeliverySource } from '../personalities/mtsics/delivery.ts';

/**
 * Coupling a balance to a pump emulator running in ANOTHER process: the pump side publishes its
 * delivered volume to a small JSON file every `periodMs` (written to a temp name and renamed, so a
 * reader never sees half a file); the balance side reads it and extrapolates between writes with
 * the last rate. One JSON object:
 *
 *   { "deliveredMl": 0.1234, "rateMlPerH": 10, "wallMs": 1732000000000, "speed": 60 }
 *
 * `wallMs` is the writer's Date.now() and `speed` its world speed, so a reader extrapolates
 * `deliveredMl + rateMlPerH · (Date.now() − wallMs) · speed / 3.6e6`. Both processes must run on
 * one machine (one wall clock).
 */
export const DeliveryFileSchema = z.object({
  deliveredMl: z.number().finite(),
  rateMlPerH: z.number().finite(),
  wallMs: z.number().finite(),
  speed: z.number().finite().nonnegative(),
});
export type DeliveryFileRecord = z.output<typeof DeliveryFileSchema>;

export interface DeliveryPublisherOptions {
  path: string;
  /** Reads the pump's delivered volume now (mL). */
  deliveredMl: () => number;
  speed: number;
  periodMs?: number;
  now?: () => number;
}

/** Publishes a pump's delivered volume for a balance in another process. */
export function startDeliveryPublisher(options: DeliveryPublisherOptions): { publish(): void; stop(): void } {
  const now = options.now ?? Date.now;
  let last: { wallMs: number; deliveredMl: number } | undefined;
  const publish = (): void => {
    const wallMs = now();
    const deliveredMl = options.deliveredMl();
    // The rate is measured, not asked of the pump, so any pump emulator can publish.
    const dtH = last === undefined ? 0 : ((wallMs - last.wallMs) * options.speed) / 3_600_000;
    const rateMlPerH = last !== undefined && dtH > 0 ? (deliveredMl - last.deliveredMl) / dtH : 0;
    last = { wallMs, deliveredMl };
    const record: DeliveryFileRecord = { deliveredMl, rateMlPerH, wallMs, speed: options.speed };
    const tmp = `${options.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(record));
    renameSync(tmp, options.path);
  };
  publish();
  const timer = setInterval(publish, options.periodMs ?? 100);
  return {
    publish,
    stop: () => clearInterval(timer),
  };
}

/** The balance side: reads the file (at most every `cacheMs`), extrapolates with the last rate. */
export function fileDeliverySource(path: string, options: { cacheMs?: number; now?: () => number } = {}): DeliverySource {
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? 20;
  let cached: DeliveryFileRecord | undefined;
  let readAtMs = -Infinity;
  return {
    deliveredMlAt: () => {
      const wallMs = now();
      if (wallMs - readAtMs >= cacheMs) {
        readAtMs = wallMs;
        cached = readRecord(path) ?? cached;
      }
      if (cached === undefined) return 0;
      const elapsedH = (Math.max(0, wallMs - cached.wallMs) * cached.speed) / 3_600_000;
      return cached.deliveredMl + Math.max(0, cached.rateMlPerH) * elapsedH;
    },
  };
}

function readRecord(path: string): DeliveryFileRecord | undefined {
  try {
    const parsed = DeliveryFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Not written yet, or a pump process that has gone: keep the last good record.
    return undefined;
  }
}
