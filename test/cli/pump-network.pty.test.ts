/**
 * Pump networks through the CLI, as a bench user runs them: `haipump sim --address 0 --address 1
 * --address 2` puts three NE-1000s on one pty (the CLI's own launcher, in this process), then
 * `haipump check ne1000:PATH@19200#2` drives pump 2 alone, and a Network Command Burst written by
 * hand from the manual sets all three rates at once. An Elite chain runs a HIL scenario at a
 * non-zero address. Reply bytes are written by hand.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { startBenchPumps, type RunningBenchPumps } from '../../firmware-sim/launch/bench.ts';
import { benchPumpHardware } from '../../src/devices/syringes.ts';
import { parseDeviceSpec } from '../../src/devices/index.ts';
import { parseTarget } from '../../src/hil/target.ts';
import { runInProcess } from '../support/cli.ts';

const running: RunningBenchPumps[] = [];
afterEach(async () => {
  for (const sim of running.splice(0)) await sim.stop();
});

/** What `haipump sim --personality P --pty --address A ...` starts (the CLI's own launcher). */
async function network(personality: 'ne1000' | 'elite11', addresses: number[], speed: number | 'max'): Promise<RunningBenchPumps> {
  const sim = await startBenchPumps({ personality, line: { pty: true }, ...benchPumpHardware(personality), addresses, speed });
  running.push(sim);
  return sim;
}

/** A raw client: each request waits for the reply's last byte (ETX), no sleeps. */
async function rawNe1000(path: string): Promise<{ ask(text: string, frames?: number): Promise<string>; close(): Promise<void> }> {
  const port = new SerialPort({ path, baudRate: 19200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  let buffer = '';
  let waiter: { frames: number; resolve: (text: string) => void } | undefined;
  const settle = (): void => {
    if (waiter !== undefined && (buffer.match(/\x03/g) ?? []).length >= waiter.frames) {
      const text = buffer;
      buffer = '';
      const w = waiter;
      waiter = undefined;
      w.resolve(text);
    }
  };
  port.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    settle();
  });
  return {
    ask(text, frames = 1) {
      return new Promise<string>((resolve) => {
        waiter = { frames, resolve };
        port.write(Buffer.from(text, 'latin1'));
        settle();
      });
    },
    close: () => new Promise<void>((resolve) => port.close(() => resolve())),
  };
}

describe('device strings with #ADDR', () => {
  it('parse the address for the bench pumps and refuse it for the HAI pump', () => {
    expect(parseDeviceSpec('ne1000:/dev/ttyUSB0@19200#2')).toEqual({ kind: 'ne1000', path: '/dev/ttyUSB0', baudRate: 19200, address: 2 });
    expect(parseDeviceSpec('elite11:/dev/ttyACM0#12')).toEqual({ kind: 'elite11', path: '/dev/ttyACM0', address: 12 });
    expect(() => parseDeviceSpec('ne1000:/dev/ttyUSB0#100')).toThrow(/0\.\.99/);
    expect(() => parseDeviceSpec('hai:/dev/ttyUSB0#1')).toThrow(/no network address/);
    expect(parseTarget('ne1000:/dev/ttyUSB0@19200#2')).toEqual({
      kind: 'port',
      personality: 'ne1000',
      path: '/dev/ttyUSB0',
      baudRate: 19200,
      address: 2,
    });
    expect(parseTarget('elite11:/dev/ttyACM0#3')).toEqual({
      kind: 'port',
      personality: 'elite11',
      path: '/dev/ttyACM0',
      baudRate: undefined,
      address: 3,
    });
    expect(() => parseTarget('hai:/dev/ttyUSB0#1')).toThrow(/no network address/);
    expect(() => parseTarget('ne1000:/dev/ttyUSB0#x')).toThrow(/bad pump address/);
  });
});

describe('a network of three NE-1000s on one pty', () => {
  it('check #2 drives pump 2 alone; a burst sets all three rates at once', async () => {
    const sim = await network('ne1000', [0, 1, 2], 1);
    const check = await runInProcess(['check', `ne1000:${sim.port}@19200#2`, '--json']);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const report = JSON.parse(check.stdout) as { ok: boolean; deliveredMl: number };
    expect(report.ok).toBe(true);
    expect(report.deliveredMl).toBeGreaterThan(0);

    const client = await rawNe1000(sim.port);
    try {
      // Pumps 0 and 1 answer their first command with the power-up alarm [M], then with data.
      expect(await client.ask('0DIS\r')).toBe('\x0200A?R\x03');
      expect(await client.ask('0DIS\r')).toBe('\x0200SI0.000W0.000ML\x03');
      expect(await client.ask('1DIS\r')).toBe('\x0201A?R\x03');
      expect(await client.ask('1DIS\r')).toBe('\x0201SI0.000W0.000ML\x03');
      expect(await client.ask('2DIS\r')).toMatch(/^\x0202SI0\.0\d\dW0\.000ML\x03$/);
      expect(await client.ask('2DIS\r')).not.toBe('\x0202SI0.000W0.000ML\x03');

      // The manual's burst: each pump takes its own segment and answers with its status.
      const replies = await client.ask('0 rat 100 mh * 1 rat 250 mh * 2 rat 375 mh *\r', 3);
      expect(
        replies
          .split('\x03')
          .filter((f) => f !== '')
          .sort(),
      ).toEqual(['\x0200S', '\x0201S', '\x0202S']);
      expect(await client.ask('0RAT\r')).toBe('\x0200S100.0MH\x03');
      expect(await client.ask('1RAT\r')).toBe('\x0201S250.0MH\x03');
      expect(await client.ask('2RAT\r')).toBe('\x0202S375.0MH\x03');
    } finally {
      await client.close();
    }
  });
});

describe('an Elite chain on one pty', () => {
  it('runs a HIL scenario on pump 3 of the chain, at --speed max', async () => {
    const sim = await network('elite11', [0, 3], 'max');
    const run = await runInProcess(['hil', 'run', 'scenarios/hil/elite11-infuse.yaml', '--device', `elite11:${sim.port}#3`, '--json']);
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(summary).toMatchObject({ type: 'summary', passed: 1, failed: 0, device: `elite11:${sim.port}#3` });
    // Pump 3 did the work; the chain head did not move.
    const [head, pump3] = sim.device.pumps;
    // The scenario infuses exactly 100 µL (its own assertion); the head stays at nothing.
    expect(pump3?.state()).toMatchObject({ address: 3, infusedNl: 100_000 });
    expect(head?.state()).toMatchObject({ address: 0, infusedNl: 0 });
  });
});
