/**
 * Transcripts: every byte each way, as JSON lines, and the golden comparison of two of them.
 *
 * An entry is `{ seq, wallMs, deviceMs, dir, phase, hex, text }`. The comparison ignores what
 * legitimately varies between two runs of the same scenario on an emulator at --speed max:
 * - `wallMs` (wall-clock stamps) and `seq`;
 * - chunk boundaries: the pty delivers the same bytes in different chunks, so bytes are
 *   re-assembled into lines (ended by LF, CR or ETX) before comparing;
 * - the interleaving of the two directions: a line the device sends unprompted right after a
 *   reply (e.g. `!BOOT` after a brown-out) can land before or after the host's next request;
 *   each direction is compared in its own order;
 * - `event` entries (they name pty paths, which are fresh temp dirs) and the `connect` phase
 *   (the handshake: whether the device's boot line is still buffered in the pty when the host
 *   opens it depends on timing).
 * Device time (`deviceMs`) is compared: at --speed max it moves only by the scenario's steps.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import { readBoundedTextFile } from '../files/read-bounded.ts';

export const TranscriptEntrySchema = z.object({
  seq: z.number().int().nonnegative(),
  wallMs: z.number(),
  deviceMs: z.number().nullable(),
  dir: z.enum(['tx', 'rx', 'event']),
  phase: z.enum(['connect', 'run']),
  hex: z.string().regex(/^([0-9a-f]{2})*$/),
  text: z.string(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntrySchema>;

export class TranscriptRecorder {
  readonly entries: TranscriptEntry[] = [];
  phase: 'connect' | 'run' = 'connect';

  constructor(
    private deviceMs: () => number | null,
    /** Stamps `wallMs` (the connection's clock). */
    private readonly wallNowMs: () => number,
  ) {}

  /** Device time stamps come from here (the connected device keeps it once connected). */
  setDeviceTimeSource(source: () => number | null): void {
    this.deviceMs = source;
  }

  bytes(dir: 'tx' | 'rx', bytes: Buffer): void {
    this.push(dir, bytes.toString('hex'), bytes.toString('latin1'));
  }

  event(text: string): void {
    this.push('event', '', text);
  }

  toJsonLines(): string {
    return `${this.entries.map((e) => JSON.stringify(e)).join('\n')}\n`;
  }

  save(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, this.toJsonLines());
  }

  private push(dir: TranscriptEntry['dir'], hex: string, text: string): void {
    this.entries.push({ seq: this.entries.length, wallMs: this.wallNowMs(), deviceMs: this.deviceMs(), dir, phase: this.phase, hex, text });
  }
}

/** Reads a recorded transcript; over INPUT_FILE_LIMITS.transcript it is refused before reading. */
export function loadTranscript(file: string): TranscriptEntry[] {
  const text = readBoundedTextFile(file, 'transcript');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = TranscriptEntrySchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: not a transcript entry: ${parsed.error.issues[0]?.message ?? ''}`);
      return parsed.data;
    });
}

export interface TranscriptLine {
  dir: 'tx' | 'rx';
  text: string;
  deviceMs: number | null;
}

/** Re-assembles the run phase into lines per direction; a line takes the device time of its last byte. */
export function transcriptLines(entries: readonly TranscriptEntry[]): { tx: TranscriptLine[]; rx: TranscriptLine[] } {
  const out = { tx: [] as TranscriptLine[], rx: [] as TranscriptLine[] };
  const partial = { tx: '', rx: '' };
  for (const entry of entries) {
    if (entry.dir === 'event' || entry.phase !== 'run') continue;
    const dir = entry.dir;
    for (const ch of Buffer.from(entry.hex, 'hex').toString('latin1')) {
      if (ch === '\n' || ch === '\r' || ch === '\x03') {
        if (partial[dir] !== '' || ch === '\x03') out[dir].push({ dir, text: partial[dir], deviceMs: entry.deviceMs });
        partial[dir] = '';
      } else {
        partial[dir] += ch;
      }
    }
  }
  for (const dir of ['tx', 'rx'] as const) if (partial[dir] !== '') out[dir].push({ dir, text: partial[dir], deviceMs: null });
  return out;
}

export interface TranscriptDifference {
  dir: 'tx' | 'rx';
  /** Index of the line within its direction. */
  index: number;
  expected: TranscriptLine | undefined;
  actual: TranscriptLine | undefined;
}

/** The first difference per direction (tx first), or an empty list when the transcripts agree. */
export function compareTranscripts(expected: readonly TranscriptEntry[], actual: readonly TranscriptEntry[]): TranscriptDifference[] {
  const a = transcriptLines(expected);
  const b = transcriptLines(actual);
  const differences: TranscriptDifference[] = [];
  for (const dir of ['tx', 'rx'] as const) {
    const n = Math.max(a[dir].length, b[dir].length);
    for (let i = 0; i < n; i++) {
      const x = a[dir][i];
      const y = b[dir][i];
      if (x === undefined || y === undefined || x.text !== y.text || x.deviceMs !== y.deviceMs) {
        differences.push({ dir, index: i, expected: x, actual: y });
        break;
      }
    }
  }
  return differences;
}

export function describeDifference(d: TranscriptDifference): string {
  const show = (line: TranscriptLine | undefined): string =>
    line === undefined ? '(nothing)' : `${JSON.stringify(line.text)} at device ${line.deviceMs ?? '?'} ms`;
  return `${d.dir} line ${d.index}: expected ${show(d.expected)}, got ${show(d.actual)}`;
}
