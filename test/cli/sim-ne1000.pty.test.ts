// Acceptance over a real pty: `haipump sim --personality ne1000 --pty` (the CLI, in a child
// process) at 19200 baud, driven by a raw client with the real serialport bindings. Expected
// bytes are written by hand from the manual (p.33: STX data ETX; numbers with a decimal point).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/haipump.js', import.meta.url));

let child: ChildProcess | undefined;
let port: SerialPort | undefined;
const rx: number[] = [];
let wake: (() => void) | undefined;

async function startSim(): Promise<string> {
  const proc = spawn(process.execPath, [BIN, 'sim', '--personality', 'ne1000', '--pty', '--baud', '19200', '--speed', 'max', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  return new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line !== undefined) resolve((JSON.parse(line) as { port: string }).port);
    });
    proc.once('exit', (code) => {
      wake?.();
      reject(new Error(`haipump sim exited with ${code}`));
    });
  });
}

/** Sends `text` + CR and resolves with every byte up to and including the next ETX. */
async function ask(text: string): Promise<string> {
  const p = port;
  if (p === undefined) throw new Error('port not open');
  rx.length = 0;
  p.write(Buffer.from(`${text}\r`, 'latin1'));
  // Woken by each data event (and by the emulator's exit); vitest's test timeout is the only backstop.
  while (!rx.includes(0x03)) {
    if (child?.exitCode !== null || child.signalCode !== null) throw new Error(`no reply to ${JSON.stringify(text)}: haipump sim is gone`);
    await new Promise<void>((r) => (wake = r));
  }
  return Buffer.from(rx).toString('latin1');
}

beforeAll(async () => {
  const path = await startSim();
  const p = new SerialPort({ path, baudRate: 19200, autoOpen: false });
  await new Promise<void>((resolve, reject) => p.open((e) => (e ? reject(e) : resolve())));
  p.on('data', (chunk: Buffer) => {
    rx.push(...chunk);
    wake?.();
  });
  port = p;
}, 30_000);

afterAll(async () => {
  await new Promise<void>((r) => (port?.isOpen === true ? port.close(() => r()) : r()));
  if (child !== undefined && child.exitCode === null) {
    const exited = new Promise<void>((r) => child?.once('exit', () => r()));
    child.kill('SIGTERM');
    await exited;
  }
});

describe('haipump sim --personality ne1000 --pty, raw client at 19200', () => {
  it('answers the power-up alarm first, then 0RAT1000UM and 0RAT with the decimal point', async () => {
    expect(await ask('0')).toBe('\x0200A?R\x03');
    expect(await ask('0RAT1000UM')).toBe('\x0200S\x03');
    expect(await ask('0RAT')).toBe('\x0200S1000.UM\x03');
  });

  it('runs a three-phase program to its end; DIS is the sum of the phases', async () => {
    // 60 mL syringe (mL units): 1 mL/min × 0.5 mL (30 s), 2 mL/min × 1 mL (30 s),
    // 0.5 mL/min × 0.25 mL (30 s), then STP: 1.75 mL after 90 s of device time.
    const phases = [
      ['0PHN1', '0FUNRAT', '0RAT1MM', '0VOL0.5', '0DIRINF'],
      ['0PHN2', '0FUNRAT', '0RAT2MM', '0VOL1', '0DIRINF'],
      ['0PHN3', '0FUNRAT', '0RAT0.5MM', '0VOL0.25', '0DIRINF'],
      ['0PHN4', '0FUNSTP'],
    ];
    for (const c of ['0DIA26.59', '0CLDINF', ...phases.flat(), '0PHN1']) {
      expect(await ask(c), c).toBe('\x0200S\x03');
    }
    expect(await ask('0RUN')).toBe('\x0200I\x03');
    expect(await ask('SIM:TIME:ADV45000')).toBe('\x0200I\x03');
    expect(await ask('0PHN')).toBe('\x0200I02\x03');
    expect(await ask('0DIS')).toBe('\x0200II1.000W0.000ML\x03');
    expect(await ask('SIM:TIME:ADV45000')).toBe('\x0200S\x03');
    expect(await ask('0DIS')).toBe('\x0200SI1.750W0.000ML\x03');
  });
});
