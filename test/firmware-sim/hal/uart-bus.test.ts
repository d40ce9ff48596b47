// The multi-drop line: every drop hears every byte, every drop's bytes go out on the one line,
// the baud is the line's, and the line closes with its last drop.
import { describe, expect, it } from 'vitest';
import type { Uart } from '../../../firmware-sim/hal/types.ts';
import { createUartBus } from '../../../firmware-sim/hal/uart-bus.ts';

function fakeLine() {
  let handler: ((bytes: Uint8Array) => void) | undefined;
  const written: string[] = [];
  const bauds: number[] = [];
  let closes = 0;
  const line: Uart & { setBaud(b: number): void } = {
    write: (bytes) => void written.push(Buffer.from(bytes).toString('latin1')),
    onBytes: (h) => {
      handler = h;
    },
    setBaud: (b) => void bauds.push(b),
    close: async () => void closes++,
  };
  return { line, written, bauds, closes: () => closes, hostSends: (text: string) => handler?.(Buffer.from(text, 'latin1')) };
}

describe('createUartBus', () => {
  it('gives every drop every received byte and puts every drop on the same line', async () => {
    const cable = fakeLine();
    const bus = createUartBus(cable.line);
    const heard: string[][] = [[], [], []];
    const drops = heard.map((log) => {
      const drop = bus.tap();
      drop.onBytes((bytes) => log.push(Buffer.from(bytes).toString('latin1')));
      return drop;
    });
    cable.hostSends('2DIS\r');
    expect(heard).toEqual([['2DIS\r'], ['2DIS\r'], ['2DIS\r']]);
    drops[2]?.write(Buffer.from('\x0202S\x03', 'latin1'));
    drops[0]?.write(Buffer.from('x', 'latin1'));
    expect(cable.written).toEqual(['\x0202S\x03', 'x']);
    drops[1]?.setBaud(9600);
    expect(cable.bauds).toEqual([9600]);

    // A closed drop hears nothing and says nothing; the line stays open for the others.
    await drops[1]?.close();
    cable.hostSends('0\r');
    expect(heard[1]).toEqual(['2DIS\r']);
    expect(heard[0]).toEqual(['2DIS\r', '0\r']);
    drops[1]?.write(Buffer.from('late', 'latin1'));
    expect(cable.written).not.toContain('late');
    expect(bus.openTaps).toBe(2);
    expect(cable.closes()).toBe(0);
    await drops[0]?.close();
    await drops[2]?.close();
    expect(cable.closes()).toBe(1);
  });

  it('lets a drop replace its handler (a device reset re-registers) without hearing bytes twice', () => {
    const cable = fakeLine();
    const bus = createUartBus(cable.line);
    const drop = bus.tap();
    const first: string[] = [];
    const second: string[] = [];
    drop.onBytes((b) => void first.push(Buffer.from(b).toString('latin1')));
    drop.onBytes((b) => void second.push(Buffer.from(b).toString('latin1')));
    cable.hostSends('ver\r');
    expect(first).toEqual([]);
    expect(second).toEqual(['ver\r']);
  });
});
