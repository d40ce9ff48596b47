/**
 * A balance sends `I4 A "<SNR>"` by itself after switching on (MT-SICS 11781363, I4 p. 89), so a
 * host that opens the port may find that line waiting, or see it arrive mid-request after a power
 * cut. The driver must never take it for the reply to another command. A scripted link plays the
 * balance here: it answers each command with the lines written by hand below.
 */
import { describe, expect, it } from 'vitest';
import type { ByteLink } from '../../../src/transport/index.ts';
import { MtSicsBalance } from '../../../src/devices/mtsics/index.ts';

type Listener = (payload: never) => void;

/** A link whose "balance" answers each request line with `script[request]` (CR LF added). */
function scriptedLink(script: Record<string, string[]>): ByteLink & { sent: string[] } {
  const listeners = new Map<string, Listener[]>();
  const emit = (event: string, payload: unknown): void => {
    for (const listener of listeners.get(event) ?? []) (listener as (p: unknown) => void)(payload);
  };
  const sent: string[] = [];
  return {
    isOpen: true,
    sent,
    write(bytes) {
      const line = Buffer.from(bytes)
        .toString('latin1')
        .replace(/\r?\n$/, '')
        .replace(/\r$/, '');
      sent.push(line);
      const replies = script[line] ?? ['ES'];
      setImmediate(() => emit('data', Buffer.from(replies.map((r) => `${r}\r\n`).join(''), 'latin1')));
    },
    on(event, listener) {
      const list = listeners.get(event) ?? [];
      list.push(listener as Listener);
      listeners.set(event, list);
      return () =>
        listeners.set(
          event,
          (listeners.get(event) ?? []).filter((l) => l !== listener),
        );
    },
  };
}

describe('MtSicsBalance and the power-up I4 line', () => {
  it('skips a power-up I4 A that arrives ahead of the reply, and reports the restart', async () => {
    const link = scriptedLink({
      I2: ['I4 A "B000000001"', 'I2 A "XS205 220.0000 g"'],
      I3: ['I3 A "2.20"'],
      I4: ['I4 A "B000000001"'],
      SI: ['I4 A "B000000001"', 'S S    12.3456 g'],
    });
    const balance = new MtSicsBalance({ link, path: 'scripted', baudRate: 9600, timeoutMs: 1000 });
    const restarts: string[] = [];
    balance.onRestart((serial) => restarts.push(serial));
    expect(await balance.identify()).toEqual({ model: 'XS205', capacityG: 220, serial: 'B000000001', softwareVersion: '2.20' });
    expect((await balance.readImmediate()).massG).toBe(12.3456);
    // Two power-up lines (before I2 and before SI); the I4 reply to I4 is a reply, not a restart.
    expect(restarts).toEqual(['B000000001', 'B000000001']);
    await balance.close();
  });

  it('stops SIR with @, the command that overwrites it (p. 207), and takes its I4 A as the reply', async () => {
    const link = scriptedLink({
      SIR: ['S D    10.0000 g', 'S S    10.0001 g'],
      '@': ['I4 A "B000000001"'],
    });
    const balance = new MtSicsBalance({ link, path: 'scripted', baudRate: 9600, timeoutMs: 1000 });
    const restarts: string[] = [];
    balance.onRestart((serial) => restarts.push(serial));
    const readings: number[] = [];
    const stream = await balance.startContinuous((r) => {
      if (!(r instanceof Error)) readings.push(r.massG);
    });
    await new Promise((resolve) => setImmediate(resolve));
    await stream.stop();
    expect(link.sent).toEqual(['SIR', '@']);
    expect(readings).toEqual([10, 10.0001]);
    expect(restarts).toEqual([]);
    await balance.close();
  });
});
