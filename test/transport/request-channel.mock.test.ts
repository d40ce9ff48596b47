/**
 * RequestChannel and SerialLink in-process: serialport's mock binding for the port, VirtualClock
 * for timeouts and backoff, so every timing decision is made by the test, not the scheduler.
 */
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { VirtualClock } from '../../src/model/clock.ts';
import { InvalidReplyError, LinkClosedError, OpenFailedError, TimeoutError } from '../../src/transport/errors.ts';
import { lfLineFramer } from '../../src/transport/line-transport.ts';
import { RequestChannel, type FramerFactory } from '../../src/transport/request-channel.ts';
import { SerialLink, type PortOpener } from '../../src/transport/serial-link.ts';

const PATH = '/dev/MOCKPUMP';
const BAUD = 115_200;
// The binding serialport itself loaded (CJS); importing '@serialport/binding-mock' from ESM gives
// a second instance whose ports the mock port class never sees.
const MockBinding = SerialPortMock.binding;

/** Lets promise chains and serialport's nextTick/setImmediate work run to quiescence. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

function mockOpener(): { opener: PortOpener; ports: SerialPortMock[] } {
  const ports: SerialPortMock[] = [];
  const opener: PortOpener = ({ path, baudRate }) => {
    const port = new SerialPortMock({ path, baudRate, autoOpen: false });
    ports.push(port);
    return port;
  };
  return { opener, ports };
}

/** What the host wrote to the mock device, as text. */
function written(port: SerialPortMock | undefined): string {
  return port?.port?.recording.toString('latin1') ?? '';
}

/** Pushes device→host bytes; asynchronous like a real device. */
async function deviceSays(port: SerialPortMock | undefined, text: string): Promise<void> {
  await settle();
  port?.port?.emitData(Buffer.from(text, 'latin1'));
  await settle();
}

const links: SerialLink[] = [];
afterEach(async () => {
  for (const link of links.splice(0)) await link.close();
  MockBinding.reset();
});

async function openLink(clock: VirtualClock): Promise<{ link: SerialLink; ports: SerialPortMock[] }> {
  MockBinding.createPort(PATH, { echo: false, record: true });
  const { opener, ports } = mockOpener();
  const link = new SerialLink({ path: PATH, baudRate: BAUD, opener, clock });
  links.push(link);
  await link.open();
  return { link, ports };
}

describe('SerialLink open with backoff (mock binding, virtual clock)', () => {
  it('retries until the port appears, waiting on the injected clock between attempts', async () => {
    const clock = new VirtualClock();
    const { opener, ports } = mockOpener();
    const link = new SerialLink({ path: PATH, baudRate: BAUD, opener, clock, openAttempts: 10, backoff: { initialMs: 100, maxMs: 1000 } });
    links.push(link);
    const opened = link.open();
    await settle();
    expect(ports).toHaveLength(1); // first attempt failed: no such port yet
    clock.advance(100);
    await settle();
    expect(ports).toHaveLength(2);
    MockBinding.createPort(PATH, { echo: false, record: true });
    clock.advance(200); // second backoff doubles
    await opened;
    expect(ports).toHaveLength(3);
    expect(link.state).toBe('open');
  });

  it('gives up after openAttempts with OpenFailedError', async () => {
    const clock = new VirtualClock();
    const { opener } = mockOpener();
    const link = new SerialLink({ path: PATH, baudRate: BAUD, opener, clock, openAttempts: 2, backoff: { initialMs: 10 } });
    links.push(link);
    const opened = link.open().catch((e: unknown) => e);
    await settle();
    clock.advance(10);
    const error = await opened;
    expect(error).toBeInstanceOf(OpenFailedError);
    expect(error).toMatchObject({ attempts: 2, path: PATH });
  });

  it('close() during backoff stops retrying', async () => {
    const clock = new VirtualClock();
    const { opener, ports } = mockOpener();
    const link = new SerialLink({ path: PATH, baudRate: BAUD, opener, clock, openAttempts: Infinity });
    const opened = link.open().catch((e: unknown) => e);
    await settle();
    await link.close();
    expect(await opened).toBeInstanceOf(LinkClosedError);
    clock.advance(60_000);
    await settle();
    expect(ports).toHaveLength(1);
  });
});

describe('RequestChannel (mock binding, virtual clock)', () => {
  const lines = lfLineFramer;

  it('validates replies with zod; a failing frame rejects with InvalidReplyError and is reported', async () => {
    const clock = new VirtualClock();
    const { link, ports } = await openLink(clock);
    const channel = new RequestChannel({ link, framer: lines, validate: z.string().regex(/^\d+$/), clock });
    const invalid: InvalidReplyError[] = [];
    channel.on('invalid', (e) => invalid.push(e));
    const good = channel.request('N?\n', { timeoutMs: 1000 });
    await deviceSays(ports[0], '42\n');
    await expect(good).resolves.toBe('42');
    const bad = channel.request('N?\n', { timeoutMs: 1000 }).catch((e: unknown) => e);
    await deviceSays(ports[0], 'forty-two\n');
    const error = await bad;
    expect(error).toBeInstanceOf(InvalidReplyError);
    expect(error).toMatchObject({ requestLabel: 'N?', frameText: 'forty-two' });
    expect(invalid).toEqual([error]);
  });

  it('times out on the injected clock with a TimeoutError naming the request', async () => {
    const clock = new VirtualClock();
    const { link, ports } = await openLink(clock);
    const channel = new RequestChannel({ link, framer: lines, validate: z.string(), clock });
    const pending = channel.request('SLOW?\n', { timeoutMs: 250, label: 'slow query' }).catch((e: unknown) => e);
    await settle();
    clock.advance(249);
    await settle();
    expect(channel.pendingCount).toBe(1);
    clock.advance(1);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ requestLabel: 'slow query', timeoutMs: 250 });
    expect(written(ports[0])).toBe('SLOW?\n');
  });

  it('a late reply after a timeout is a stray, not the next reply', async () => {
    const clock = new VirtualClock();
    const { link, ports } = await openLink(clock);
    const channel = new RequestChannel({ link, framer: lines, validate: z.string(), clock });
    const strays: string[] = [];
    channel.on('stray', (frame) => strays.push(frame));
    const first = channel.request('A?\n', { timeoutMs: 100 }).catch((e: unknown) => e);
    await settle();
    clock.advance(100);
    expect(await first).toBeInstanceOf(TimeoutError);
    await deviceSays(ports[0], 'late-A\n');
    expect(strays).toEqual(['late-A']);
  });

  it('re-arms one timer lazily: a later request keeps its own full timeout', async () => {
    const clock = new VirtualClock();
    const { link, ports } = await openLink(clock);
    const channel = new RequestChannel({ link, framer: lines, validate: z.string(), clock });
    const first = channel.request('1\n', { timeoutMs: 100 });
    await settle();
    clock.advance(60);
    await deviceSays(ports[0], 'one\n');
    await expect(first).resolves.toBe('one');
    const second = channel.request('2\n', { timeoutMs: 100 }).catch((e: unknown) => e);
    await settle();
    clock.advance(40); // the first request's timer fires here; the second has 60 ms left
    await settle();
    expect(channel.pendingCount).toBe(1);
    clock.advance(60);
    expect(await second).toBeInstanceOf(TimeoutError);
  });

  it('runs resync after a timeout before the next queued request', async () => {
    const clock = new VirtualClock();
    const { link, ports } = await openLink(clock);
    const order: string[] = [];
    const channel = new RequestChannel({
      link,
      framer: lines,
      validate: z.string(),
      clock,
      resync: async (request) => {
        order.push('resync');
        order.push(await request('*CLS\n', { timeoutMs: 1000 }));
      },
    });
    const lost = channel.request('LOST?\n', { timeoutMs: 100 }).catch((e: unknown) => e);
    const next = channel.request('NEXT?\n', { timeoutMs: 1000 }).then((r) => order.push(r));
    await settle();
    clock.advance(100);
    expect(await lost).toBeInstanceOf(TimeoutError);
    await deviceSays(ports[0], 'cleared\n');
    await deviceSays(ports[0], 'next\n');
    await next;
    expect(order).toEqual(['resync', 'cleared', 'next']);
    expect(written(ports[0])).toBe('LOST?\n*CLS\nNEXT?\n');
  });

  it('custom framers plug in: an STX/ETX framer with unsolicited frames', async () => {
    const STX = 0x02;
    const ETX = 0x03;
    const stxEtx: FramerFactory<Buffer> = (onFrame) => {
      let bytes: number[] | undefined;
      return {
        push(chunk) {
          for (const b of chunk) {
            if (b === STX) bytes = [];
            else if (b === ETX && bytes !== undefined) {
              onFrame(Buffer.from(bytes));
              bytes = undefined;
            } else bytes?.push(b);
          }
        },
        reset() {
          bytes = undefined;
        },
      };
    };
    const clock = new VirtualClock();
    const { link, ports } = await openLink(clock);
    const channel = new RequestChannel({
      link,
      framer: stxEtx,
      isUnsolicited: (frame: Buffer) => frame[0] === 0x21, // '!'
      validate: (frame: Buffer) => ({ ok: true, value: frame.toString('latin1') }),
      clock,
    });
    const events: string[] = [];
    channel.onUnsolicited((frame) => events.push(frame.toString('latin1')));
    const reply = channel.request(Buffer.from([STX, 0x52, ETX]), { timeoutMs: 1000 });
    await deviceSays(ports[0], '\x02!alarm\x03\x0200S12.3\x03');
    await expect(reply).resolves.toBe('00S12.3');
    expect(events).toEqual(['!alarm']);
  });

  it('closing the link fails the in-flight and queued requests with LinkClosedError', async () => {
    const clock = new VirtualClock();
    const { link } = await openLink(clock);
    const channel = new RequestChannel({ link, framer: lines, validate: z.string(), clock });
    const a = channel.request('A\n', { timeoutMs: 1000 }).catch((e: unknown) => e);
    const b = channel.request('B\n', { timeoutMs: 1000 }).catch((e: unknown) => e);
    await settle();
    await link.close();
    expect(await a).toBeInstanceOf(LinkClosedError);
    expect(await b).toBeInstanceOf(LinkClosedError);
    await expect(channel.request('C\n', { timeoutMs: 1000 })).rejects.toBeInstanceOf(LinkClosedError);
  });
});

describe('SerialLink reconnect by identity (mock binding, virtual clock)', () => {
  it('re-finds the device by serial number when it comes back on another path', async () => {
    const clock = new VirtualClock();
    MockBinding.createPort('/dev/ttyUSB0', { echo: false, record: true });
    let listed = [{ path: '/dev/ttyUSB0', byIdPaths: [], sources: [], serialNumber: 'HAI-0042', vendorId: '0403', productId: '6001' }];
    const { opener, ports } = mockOpener();
    const link = new SerialLink({
      path: '/dev/ttyUSB0',
      baudRate: BAUD,
      opener,
      clock,
      match: { serialNumber: 'HAI-0042', vendorId: '0x0403' },
      lister: () => Promise.resolve(listed),
      backoff: { initialMs: 100 },
    });
    links.push(link);
    const events: string[] = [];
    link.on('disconnected', () => events.push('disconnected'));
    link.on('reconnected', ({ path }) => events.push(`reconnected ${path}`));
    await link.open();

    // Unplug: serialport reports it as a 'close' carrying a disconnected error.
    listed = [];
    ports[0]?.emit('close', Object.assign(new Error('device gone'), { disconnected: true }));
    await settle();
    clock.advance(100); // nothing listed yet: this attempt fails
    await settle();
    // Replug on a new node name, same serial number.
    MockBinding.createPort('/dev/ttyUSB1', { echo: false, record: true });
    listed = [{ path: '/dev/ttyUSB1', byIdPaths: [], sources: [], serialNumber: 'HAI-0042', vendorId: '0403', productId: '6001' }];
    clock.advance(200);
    await settle();
    expect(events).toEqual(['disconnected', 'reconnected /dev/ttyUSB1']);
    expect(link.path).toBe('/dev/ttyUSB1');
    link.write('HELLO\n');
    await settle();
    expect(written(ports.at(-1))).toBe('HELLO\n');
  });
});
