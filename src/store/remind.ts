import { DEFAULT_TREND, remindReport, type RemindOptions, type RemindReport, type TrendOptions } from '../schedule/index.ts';
import { loadAcks } from './acks.ts';
import type { Db } from './open.ts';
import { loadSnapshots } from './snapshot.ts';

/** Query + computation of `haipump remind`: read-only, one snapshot read, pure schedule math. */
export function remindFromStore(
  db: Db,
  options: {
    atMs: number;
    withinMs: number;
    marginDays?: number | undefined;
    trend?: TrendOptions | undefined;
    pumpId?: string | undefined;
  },
): RemindReport {
  const read = db.transaction(() => ({
    // Read only as many drains as the trend rule looks at (the newest one also gives the deviation flag).
    snapshots: loadSnapshots(db, {
      drainsPerPump: options.trend?.minRefills ?? DEFAULT_TREND.minRefills,
      ...(options.pumpId === undefined ? {} : { pumpId: options.pumpId }),
    }),
    acks: loadAcks(db),
  }));
  // A deferred transaction gives both reads one consistent WAL snapshot.
  const { snapshots, acks } = read();
  const remindOptions: RemindOptions = { atMs: options.atMs, withinMs: options.withinMs, acks };
  if (options.marginDays !== undefined) remindOptions.marginDays = options.marginDays;
  if (options.trend !== undefined) remindOptions.trend = options.trend;
  return remindReport(snapshots, remindOptions);
}
