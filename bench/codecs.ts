/**
 * HAI codec throughput vs bare line splitting, and the memory of one emulator.
 *
 * Both sides split the same bytes with serialport's ReadlineParser; the codec side also parses
 * and validates each line (parseRequest, which checks with the zod schema; parseReply for
 * replies). The ratio (codec lines/s ÷ split-only lines/s) is what parsing costs on top of
 * framing. Absolute rates are printed too but depend on the machine.
 *
 * Method, for a shared, noisy machine: each round times one split-only pass and one codec pass
 * back to back (the order swapped every round, so neither side always runs first or second) and
 * the ratio printed is the median of the rounds' own ratios. A load spike then hits both halves
 * of its round and cancels, where a ratio of the two sides' medians could pair a quiet split-only
 * round with a busy codec round (one cause of runs of the same code printing 0.43–0.50). More
 * rounds (11) and two warm-up passes per side, so the JIT has settled before timing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ReadlineParser } from '@serialport/parser-readline';
import { formatRequest, parseReply, parseRequest, type HaiRequest } from '../protocols/hai/index.ts';
import { startInProcessHai, type InProcessHai } from '../firmware-sim/personalities/hai/in-process.ts';

export interface CodecBenchOptions {
  lines?: number;
  rounds?: number;
  chunkBytes?: number;
  emulators?: number;
}

export type BenchLine = Record<string, string | number | boolean>;

const REQUESTS: HaiRequest[] = [
  { kind: 'idn' },
  { kind: 'volumeQuery' },
  { kind: 'deliveredQuery' },
  { kind: 'stateQuery' },
  { kind: 'fill', infusate: 'fudr', volumeMl: 30 },
  { kind: 'simTimeAdvance', seconds: 86_400 },
  { kind: 'alarmAck', target: 'ALL' },
  { kind: 'simFault', fault: 'OCCLUSION', param: 0.75 },
  { kind: 'logRead', index: 12 },
  { kind: 'simTemperature', temperatureC: 39.5 },
];
const REPLIES = [
  'OK',
  '12.3456',
  'HAIPUMP,HAI-30,SN000001,1.0.0',
  'INFUSING',
  'ERR -113,"Undefined header"',
  '201:MEDIUM:0;203:HIGH:1',
  '1,0,1,0.0000',
];

/** `count` lines (the request list has each with and without CRC), as one buffer (what a busy port would deliver). */
function corpus(lines: readonly string[], count: number): Buffer {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const line = lines[i % lines.length] ?? '';
    out.push(line);
  }
  return Buffer.from(`${out.join('\n')}\n`, 'latin1');
}

/** Feeds `bytes` through a ReadlineParser in port-sized chunks; `onLine` sees each line. */
function split(bytes: Buffer, chunkBytes: number, onLine: (line: string) => void): number {
  const parser = new ReadlineParser({ delimiter: '\n', encoding: 'latin1' });
  let lines = 0;
  parser.on('data', (line: string) => {
    lines++;
    onLine(line);
  });
  for (let at = 0; at < bytes.length; at += chunkBytes) parser.write(bytes.subarray(at, at + chunkBytes));
  parser.end();
  return lines;
}

function linesPerSecond(run: () => number): number {
  const start = performance.now();
  const lines = run();
  return lines / ((performance.now() - start) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** parseRequest's floor as a fraction of split-only (issue 12); parseReply has none. */
const REQUEST_MIN_RATIO = 0.5;

function throughput(name: string, bytes: Buffer, parse: (line: string) => boolean, rounds: number, chunkBytes: number): BenchLine {
  const bare: number[] = [];
  const codec: number[] = [];
  const ratios: number[] = [];
  let failures = 0;
  const timeBare = (): number => linesPerSecond(() => split(bytes, chunkBytes, () => undefined));
  const timeCodec = (): number => linesPerSecond(() => split(bytes, chunkBytes, (line) => void (parse(line) || failures++)));
  // Warm-up so the JIT has seen both paths before timing.
  for (let w = 0; w < 2; w++) {
    split(bytes, chunkBytes, () => undefined);
    split(bytes, chunkBytes, (line) => void parse(line));
  }
  for (let r = 0; r < rounds; r++) {
    const bareFirst = r % 2 === 0;
    const first = bareFirst ? timeBare() : timeCodec();
    const second = bareFirst ? timeCodec() : timeBare();
    const [bareRate, codecRate] = bareFirst ? [first, second] : [second, first];
    bare.push(bareRate);
    codec.push(codecRate);
    ratios.push(codecRate / bareRate);
  }
  const codecRate = median(codec);
  const bareRate = median(bare);
  return {
    bench: 'codecs',
    metric: name,
    codecLinesPerSecond: Math.round(codecRate),
    splitOnlyLinesPerSecond: Math.round(bareRate),
    ratio: Number(median(ratios).toFixed(3)),
    rounds,
    linesPerRound: split(bytes, chunkBytes, () => undefined),
    parseFailures: failures,
  };
}

/** The line with its floor and whether the ratio reached it. */
function withFloor(line: BenchLine, minRatio: number): BenchLine {
  const ratio = Number(line.ratio);
  return { ...line, minRatio, ok: ratio >= minRatio && line.parseFailures === 0 };
}

/** A GC we can call: `--expose-gc` if given, else switched on at run time; undefined if neither works. */
function gcFunction(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    setFlagsFromString('--expose_gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

function emulatorMemory(count: number): BenchLine {
  const gc = gcFunction();
  const settle = (): void => {
    gc?.();
    gc?.();
  };
  const measure = (): number => (gc === undefined ? process.memoryUsage().rss : process.memoryUsage().heapUsed);
  settle();
  const before = measure();
  const one: InProcessHai[] = [startInProcessHai()];
  one[0]?.request('PUMP:FILL FUDR,30');
  settle();
  const oneBytes = measure() - before;
  const many: InProcessHai[] = [];
  for (let i = 0; i < count; i++) {
    const d = startInProcessHai();
    d.request('PUMP:FILL FUDR,30');
    many.push(d);
  }
  settle();
  const perEmulator = (measure() - before - oneBytes) / count;
  // Keep them alive until measured.
  for (const d of [...one, ...many]) d.device.stop();
  return {
    bench: 'codecs',
    metric: 'emulator memory',
    method: gc === undefined ? 'rss delta' : 'heap delta after gc',
    oneEmulatorBytes: Math.round(oneBytes),
    perEmulatorBytesAvgOf: count,
    perEmulatorBytes: Math.round(perEmulator),
  };
}

export function runCodecBench(options: CodecBenchOptions = {}): BenchLine[] {
  const lines = options.lines ?? 200_000;
  const rounds = options.rounds ?? 11;
  const chunkBytes = options.chunkBytes ?? 64;
  const requestLines = REQUESTS.flatMap((r) => [formatRequest(r), formatRequest(r, { crc: true })]);
  const results = [
    withFloor(
      throughput('parseRequest (+zod)', corpus(requestLines, lines), (line) => parseRequest(line).ok, rounds, chunkBytes),
      REQUEST_MIN_RATIO,
    ),
    throughput('parseReply', corpus(REPLIES, lines), (line) => parseReply(line).ok, rounds, chunkBytes),
    emulatorMemory(options.emulators ?? 20),
  ];
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = runCodecBench();
  for (const line of results) console.log(JSON.stringify(line));
  // A ratio under its floor is a wrong result: the run says so in its exit code, as startup's does.
  process.exitCode = results.some((line) => line.ok === false) ? 1 : 0;
}
