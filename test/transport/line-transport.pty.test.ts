/**
 * LineTransport over a real socat pty pair with the real serialport bindings: exactly how a USB
 * pump is opened. The device side is a small responder (peer.ts) on the other end.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { LineTransport } from '../../src/transport/line-transport.ts';
import { SerialLink, type SerialLinkEvents } from '../../src/transport/serial-link.ts';
import { InvalidReplyError, LinkLostError, TimeoutError } from '../../src/transport/errors.ts';
import type { TrafficLogEntry } from '../../src/transport/traffic-log.ts';
import { createPtyPair, type PtyPair } from '../support/pty.ts';
import { startPeer, type Peer, type PeerHandler } from './peer.ts';

const isEvent = (line: string): boolean => line.startsWith('!');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Reverse order: transports before peers before the socat pair they sit on.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function pair(): Promise<PtyPair> {
  const p = await createPtyPair();
  cleanups.push(() => p.close());
  return p;
}

async function peer(path: string, handler: PeerHandler): Promise<Peer> {
  const p = await startPeer(path, handler);
  cleanups.push(() => p.close());
  return p;
}

async function transport(
  path: string,
  extra: Partial<ConstructorParameters<typeof LineTransport>[0]> = {},
  linkExtra: Partial<ConstructorParameters<typeof SerialLink>[0]> = {},
): Promise<{ t: LineTransport; link: SerialLink }> {
  const link = new SerialLink({ path, baudRate: 115_200, backoff: { initialMs: 5, maxMs: 40 }, ...linkExtra });
  const t = new LineTransport({ link, isUnsolicited: isEvent, ...extra });
  cleanups.push(() => t.close());
  await link.open();
  return { t, link };
}

/** Replies `R:<line>` to everything, at once and in order. */
const echoReply: PeerHandler = (line, p) => {
  p.send(`R:${line}\r\n`);
  p.answered();
};

describe('LineTransport over a socat pty pair', () => {
  it('round-trips a request to the peer and strips the CR of a CR LF reply', async () => {
    const ptys = await pair();
    await peer(ptys.b, echoReply);
    const { t } = await transport(ptys.a);
    await expect(t.request('*IDN?', { timeoutMs: 5000 })).resolves.toBe('R:*IDN?');
    await expect(t.request('SYST:VERS?', { timeoutMs: 5000 })).resolves.toBe('R:SYST:VERS?');
  });

  it('routes unsolicited ! lines to listeners and never takes them as replies', async () => {
    const ptys = await pair();
    await peer(ptys.b, (line, p) => {
      if (line === 'Q1') p.send('!x\nA1\n'); // event before the reply, in one chunk
      if (line === 'Q2') p.send('A2\n!late\n'); // event after the reply: must not answer Q3
      if (line === 'Q3') {
        p.send('!y\n');
        p.send('A3\n');
      }
      p.answered();
    });
    const { t } = await transport(ptys.a);
    const events: string[] = [];
    t.onUnsolicited((line) => events.push(line));
    expect(await t.request('Q1', { timeoutMs: 5000 })).toBe('A1');
    expect(await t.request('Q2', { timeoutMs: 5000 })).toBe('A2');
    expect(await t.request('Q3', { timeoutMs: 5000 })).toBe('A3');
    expect(events).toEqual(['!x', '!late', '!y']);
  });

  it('rejects with TimeoutError naming the request when the peer is silent', async () => {
    const ptys = await pair();
    const device = await peer(ptys.b, (line, p) => {
      if (line !== 'SILENT?') p.send('OK\n');
      p.answered();
    });
    const { t } = await transport(ptys.a);
    const error = await t.request('SILENT?', { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ requestLabel: 'SILENT?', timeoutMs: 200 });
    // The channel is usable again after a timeout.
    await expect(t.request('PING', { timeoutMs: 5000 })).resolves.toBe('OK');
    expect(device.received).toEqual(['SILENT?', 'PING']);
  });

  it('keeps at most one request in flight, in FIFO order', async () => {
    const ptys = await pair();
    // The peer answers late (next macrotask), giving a pipelining host every chance to show itself.
    const device = await peer(ptys.b, (line, p) => {
      setImmediate(() => {
        p.answered();
        p.send(`${line}:done\n`);
      });
    });
    const { t } = await transport(ptys.a);
    const lines = Array.from({ length: 20 }, (_, i) => `REQ${i}`);
    const replies = await Promise.all(lines.map((line) => t.request(line, { timeoutMs: 5000 })));
    expect(replies).toEqual(lines.map((line) => `${line}:done`));
    expect(device.received).toEqual(lines);
    expect(device.maxOutstanding).toBe(1);
  });

  it('reports a reply that fails decode as InvalidReplyError, never as a value', async () => {
    const ptys = await pair();
    // A toy integrity suffix (`|<length>`) standing in for a real protocol's CRC.
    const encode = (line: string): string => `${line}|${line.length}`;
    const decode = (line: string): { ok: true; line: string } | { ok: false; reason: string } => {
      const bar = line.lastIndexOf('|');
      const body = line.slice(0, bar);
      return bar >= 0 && Number(line.slice(bar + 1)) === body.length ? { ok: true, line: body } : { ok: false, reason: 'bad check' };
    };
    await peer(ptys.b, (line, p) => {
      p.send(line.startsWith('GOOD') ? `VAL|3\n` : `VAL|9\n`);
      p.answered();
    });
    const { t } = await transport(ptys.a, { encode, decode });
    const invalid: InvalidReplyError[] = [];
    t.onInvalid((e) => invalid.push(e));
    await expect(t.request('GOOD', { timeoutMs: 5000 })).resolves.toBe('VAL');
    const error = await t.request('BAD', { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidReplyError);
    expect(error).toMatchObject({ requestLabel: 'BAD', frameText: 'VAL|9' });
    expect(invalid).toHaveLength(1);
  });

  it('writes a traffic log of valid JSON lines whose hex matches the bytes sent', async () => {
    const ptys = await pair();
    await peer(ptys.b, echoReply);
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    const { t } = await transport(ptys.a, {}, { trafficLog: sink });
    await t.request('PING', { timeoutMs: 5000 });
    await t.request('VOL?', { timeoutMs: 5000 });
    const entries = Buffer.concat(chunks)
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as TrafficLogEntry);
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual(['atMs', 'dir', 'hex', 'text']);
      expect(['tx', 'rx', 'event']).toContain(e.dir);
      expect(Number.isFinite(e.atMs)).toBe(true);
    }
    const hexOf = (dir: string): string =>
      entries
        .filter((e) => e.dir === dir)
        .map((e) => e.hex)
        .join('');
    expect(hexOf('tx')).toBe(Buffer.from('PING\nVOL?\n').toString('hex'));
    expect(hexOf('rx')).toBe(Buffer.from('R:PING\r\nR:VOL?\r\n').toString('hex'));
    expect(entries.find((e) => e.dir === 'tx')?.text).toBe('PING\n');
    expect(entries[0]).toMatchObject({ dir: 'event', hex: '' });
  });

  it('survives an unplug: in-flight request gets LinkLostError, link reconnects, later requests succeed', async () => {
    const ptys = await pair();
    const handler: PeerHandler = (line, p) => {
      // HANG is never answered, so it is in flight when the cable is pulled.
      if (line.startsWith('SYNC ')) p.send(`SYNCED ${line.slice(5)}\n`);
      else if (line !== 'HANG') p.send(`R:${line}\n`);
      p.answered();
    };
    let device = await peer(ptys.b, handler);
    let resyncs = 0;
    const { t, link } = await transport(ptys.a, {
      // After a replug the device side may not be listening yet: poll until it answers. A
      // numbered token tells a late reply to an earlier poll from the answer to this one.
      resync: async (request) => {
        resyncs++;
        for (let attempt = 0; attempt < 100; attempt++) {
          const reply = await request(`SYNC ${attempt}`, { timeoutMs: 100 }).catch(() => undefined);
          if (reply === `SYNCED ${attempt}`) return;
        }
        throw new Error('device never answered SYNC');
      },
    });
    const events: (keyof SerialLinkEvents)[] = [];
    link.on('disconnected', () => events.push('disconnected'));
    const reconnected = new Promise<void>((resolve) =>
      link.on('reconnected', () => {
        events.push('reconnected');
        resolve();
      }),
    );

    await expect(t.request('BEFORE', { timeoutMs: 5000 })).resolves.toBe('R:BEFORE');
    const hanging = t.request('HANG', { timeoutMs: 30_000 }).catch((e: unknown) => e);
    await device.receivedCount(2);

    await device.close();
    await ptys.restart();
    // Queued while unplugged: must wait for reconnect + resync, then succeed.
    const queued = t.request('DURING', { timeoutMs: 30_000 });
    device = await peer(ptys.b, handler);

    expect(await hanging).toBeInstanceOf(LinkLostError);
    await reconnected;
    await expect(queued).resolves.toBe('R:DURING');
    await expect(t.request('AFTER', { timeoutMs: 5000 })).resolves.toBe('R:AFTER');
    expect(events).toEqual(['disconnected', 'reconnected']);
    expect(resyncs).toBe(1);
    expect(link.state).toBe('open');
    expect(device.received.filter((l) => !l.startsWith('SYNC '))).toEqual(['DURING', 'AFTER']);
  });
});
