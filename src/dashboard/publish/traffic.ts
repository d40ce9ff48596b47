/**
 * The device traffic of a run, for the dashboard's traffic tail: a stream the transport's
 * TrafficLog writes its JSON lines to, which passes them on as `traffic` messages (and, with
 * --traffic-log, to the file as well, unchanged).
 */
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import type { LifecycleMessage, TrafficEntry } from '../lifecycle/messages.ts';

/** The tail shows a line of traffic; a longer chunk is cut here (the file keeps it whole). */
const MAX_TEXT = 1024;

export function trafficSink(key: string, publish: (message: LifecycleMessage) => void, alsoToFile?: string): Writable {
  const file = alsoToFile === undefined ? undefined : createWriteStream(alsoToFile, { flags: 'a' });
  let partial = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      file?.write(chunk);
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      const entries: TrafficEntry[] = [];
      for (const line of lines) {
        const entry = entryOf(line);
        if (entry !== undefined) entries.push(entry);
      }
      if (entries.length > 0) publish({ type: 'traffic', key, entries });
      done();
    },
    final(done) {
      if (file === undefined) return done();
      file.end(() => done());
    },
  });
}

function entryOf(line: string): TrafficEntry | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { atMs, dir, text } = parsed as Record<string, unknown>;
    if (typeof atMs !== 'number' || (dir !== 'tx' && dir !== 'rx' && dir !== 'event') || typeof text !== 'string') return undefined;
    return { atMs, dir, text: text.slice(0, MAX_TEXT) };
  } catch {
    return undefined;
  }
}
