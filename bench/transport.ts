/**
 * Serial round-trip rate through our transport vs bare serialport + ReadlineParser, against the
 * same echo peer on ONE socat pty pair. Reported as a ratio: absolute rates depend on the machine,
 * the ratio is what the transport's overhead costs. Rounds alternate so drift hits both sides.
 */
import { pathToFileURL } from 'node:url';
import { ReadlineParser } from '@serialport/parser-readline';
import { SerialPort } from 'serialport';
import { LineTransport } from '../src/transport/line-transport.ts';
import { HAI_FACTORY_BAUD } from '../protocols/hai/limits.ts';
import { SerialLink } from '../src/transport/serial-link.ts';
import { createPtyPair } from '../test/support/pty.ts';

// 3000 timed round trips per side, split into alternating rounds: on a shared machine the load
// changes over seconds, and alternating makes both sides see the same conditions.
const ROUND_TRIPS = 1000;
const ROUNDS = 3;
const WARM_UP = 200;
const BAUD_RATE = HAI_FACTORY_BAUD;

function openPort(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: BAUD_RATE, autoOpen: false });
  return new Promise((resolve, reject) => port.open((error) => (error ? reject(error) : resolve(port))));
}

function closePort(port: SerialPort): Promise<void> {
  return new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
}

/** The device side: echoes every line back, as fast as it can. */
async function startEchoPeer(path: string): Promise<SerialPort> {
  const port = await openPort(path);
  port.pipe(new ReadlineParser({ delimiter: '\n' })).on('data', (line: string) => port.write(`${line}\n`));
  return port;
}

/** Elapsed ms for `count` sequential round trips (after a warm-up) with bare serialport. */
async function bareRoundTrips(path: string, count: number): Promise<number> {
  const port = await openPort(path);
  const parser = port.pipe(new ReadlineParser({ delimiter: '\n' }));
  let onLine: (() => void) | undefined;
  parser.on('data', () => {
    const resolve = onLine;
    onLine = undefined;
    resolve?.();
  });
  const once = (i: number): Promise<void> =>
    new Promise((resolve) => {
      onLine = resolve;
      port.write(`PING ${i}\n`);
    });
  for (let i = 0; i < WARM_UP; i++) await once(i);
  const startMs = performance.now();
  for (let i = 0; i < count; i++) await once(i);
  const elapsedMs = performance.now() - startMs;
  await closePort(port);
  return elapsedMs;
}

/** Elapsed ms for `count` sequential LineTransport requests (after a warm-up). */
async function transportRoundTrips(path: string, count: number): Promise<number> {
  const link = new SerialLink({ path, baudRate: BAUD_RATE });
  const transport = new LineTransport({ link, isUnsolicited: (line) => line.startsWith('!') });
  await link.open();
  for (let i = 0; i < WARM_UP; i++) await transport.request(`PING ${i}`, { timeoutMs: 2000 });
  const startMs = performance.now();
  for (let i = 0; i < count; i++) await transport.request(`PING ${i}`, { timeoutMs: 2000 });
  const elapsedMs = performance.now() - startMs;
  await transport.close();
  return elapsedMs;
}

export async function benchTransport(): Promise<Record<string, number | string>> {
  const pair = await createPtyPair();
  try {
    const peer = await startEchoPeer(pair.b);
    const bareMs: number[] = [];
    const transportMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bareMs.push(await bareRoundTrips(pair.a, ROUND_TRIPS));
      transportMs.push(await transportRoundTrips(pair.a, ROUND_TRIPS));
    }
    await closePort(peer);
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    const perS = (ms: number[]): number => (ROUND_TRIPS * ms.length) / (sum(ms) / 1000);
    const roundRatios = bareMs.map((b, i) => b / (transportMs[i] ?? Infinity)).sort((x, y) => x - y);
    const round3 = (x: number): number => Math.round(x * 1000) / 1000;
    return {
      bench: 'transport',
      roundTripsPerSide: ROUND_TRIPS * ROUNDS,
      bareRoundTripsPerS: Math.round(perS(bareMs)),
      transportRoundTripsPerS: Math.round(perS(transportMs)),
      ratio: round3(perS(transportMs) / perS(bareMs)),
      // Robust to a load spike in one round.
      ratioMedianOfRounds: round3(roundRatios[Math.floor(roundRatios.length / 2)] ?? NaN),
    };
  } finally {
    await pair.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchTransport())}\n`);
}
