/**
 * The harness's line client on an injected clock: its timeouts are the clock's (a virtual clock
 * here, so nothing waits on real time), and "settled" is an event, not a poll.
 */
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/model/clock.ts';
import { haiDialect } from '../../src/hil/dialects/hai.ts';
import { HilSilentDeviceError } from '../../src/hil/errors.ts';
import { LineClient } from '../../src/hil/line-client.ts';
import { createPtyPair, type PtyPair } from '../support/pty.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A pty pair: the client on one end, a hand-driven "device" on the other. */
async function rig(): Promise<{ client: LineClient; clock: VirtualClock; device: SerialPort; received: () => Promise<string> }> {
  const pty: PtyPair = await createPtyPair();
  cleanups.push(() => pty.close());
  const clock = new VirtualClock();
  const client = new LineClient({ path: pty.a, baudRate: 115_200, dialect: haiDialect, clock });
  await client.open();
  cleanups.push(() => client.close());
  const device = new SerialPort({ path: pty.b, baudRate: 115_200, autoOpen: false });
  await new Promise<void>((resolve, reject) => device.open((e) => (e ? reject(e) : resolve())));
  cleanups.push(() => new Promise<void>((resolve) => device.close(() => resolve())));
  let buffered = '';
  const received = (): Promise<string> =>
    new Promise((resolve) => {
      const look = (chunk?: Buffer): void => {
        if (chunk !== undefined) buffered += chunk.toString('latin1');
        const lf = buffered.indexOf('\n');
        if (lf === -1) return;
        device.off('data', look);
        const line = buffered.slice(0, lf);
        buffered = buffered.slice(lf + 1);
        resolve(line);
      };
      device.on('data', look);
      look();
    });
  return { client, clock, device, received };
}

describe('LineClient on an injected clock', () => {
  it('a silent device times out when the clock says so: not at 1999 ms, at 2000 ms', async () => {
    const { client, clock, received } = await rig();
    let outcome: unknown = 'pending';
    const reply = client.request('*IDN?', 2000).then(
      (line) => (outcome = line.text),
      (error: unknown) => (outcome = error),
    );
    expect(await received()).toBe('*IDN?');
    clock.advance(1999);
    await Promise.resolve();
    expect(outcome).toBe('pending');
    clock.advance(1);
    await reply;
    expect(outcome).toBeInstanceOf(HilSilentDeviceError);
    expect(client.owedReplies).toBe(0);
  });

  it('settled() resolves on the reply to a line sent without waiting, with no clock movement', async () => {
    const { client, clock, device, received } = await rig();
    client.send('PUMP:VOL?');
    expect(client.owedReplies).toBe(1);
    const settled = client.settled(2000);
    expect(await received()).toBe('PUMP:VOL?');
    device.write('12.3400\n');
    await settled;
    expect(client.owedReplies).toBe(0);
    expect(clock.now()).toBe(0);
    expect(client.lines.map((l) => l.text)).toEqual(['12.3400']);
  });

  it('settled() gives up after its timeout on the clock when no reply comes', async () => {
    const { client, clock, received } = await rig();
    client.send('PUMP:VOL?');
    let done = false;
    const settled = client.settled(500).then(() => (done = true));
    expect(await received()).toBe('PUMP:VOL?');
    clock.advance(499);
    await Promise.resolve();
    expect(done).toBe(false);
    clock.advance(1);
    await settled;
    expect(done).toBe(true);
  });
});
