// Issue 10's acceptance for the Elite, as a raw client would see it: `haipump sim --personality
// elite11 --address 6 --pty` as a child process, the host end opened with the real serialport
// bindings, and every reply compared byte for byte with text written by hand from the manual.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARVARD_FACTORY_BAUD } from '../../../../protocols/harvard/index.ts';

const BIN = fileURLToPath(new URL('../../../../bin/haipump.js', import.meta.url));

let child: ChildProcess | undefined;
let port: SerialPort | undefined;
let received = '';
let onData: (() => void) | undefined;

/** Writes `request` and resolves with the bytes that came back once `done` says so (as
 * long as the expected reply, by default); vitest's test timeout is the only backstop. */
function exchange(request: string, expected: string, done = (text: string) => text.length >= expected.length): Promise<string> {
  received = '';
  return new Promise((resolve) => {
    onData = () => {
      if (done(received)) resolve(received);
    };
    port?.write(Buffer.from(request, 'latin1'));
  });
}

beforeAll(async () => {
  const proc = spawn(process.execPath, [BIN, 'sim', '--personality', 'elite11', '--address', '6', '--pty', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  const path = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    proc.once('exit', (code) => reject(new Error(`sim exited ${code}: ${err}`)));
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve((JSON.parse(out.slice(0, nl)) as { port: string }).port);
    });
  });
  const p = new SerialPort({ path, baudRate: HARVARD_FACTORY_BAUD, autoOpen: false });
  await new Promise<void>((resolve, reject) => p.open((e) => (e ? reject(e) : resolve())));
  p.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
    onData?.();
  });
  port = p;
}, 30_000);

afterAll(async () => {
  const p = port;
  if (p !== undefined) await new Promise<void>((r) => p.close(() => r()));
  const c = child;
  if (c !== undefined && c.exitCode === null) {
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    await exited;
  }
});

describe('haipump sim --personality elite11 --address 6 --pty, from a raw client', () => {
  it.each([
    ['6ver\r', '\n06: 11 Elite 3.0.4\r\n06:'],
    ['\r', '\n06:'],
    ['6irat 3.2 u/m\r', '\n06:'],
    ['6irat\r', '\n06:3.20000 ul/min\r\n06:'],
    ['6irat 99999 m/m\r', '\n06:Argument error: 99999\r\n06:   Out of range\r\n06:'],
    ['6stp \r\n', '\n06:'],
    ['6 \r\n', '\n06:'],
  ])('%j → %j', async (request, expected) => {
    expect(await exchange(request, expected)).toBe(expected);
  });

  it('the device-time back door answers in world ms (its value at --speed 1 is whatever has passed)', async () => {
    expect(await exchange('6sim:time?\r', '', (text) => text.endsWith('\r\n06:'))).toMatch(/^\n06:\d+\r\n06:$/);
  });
});
