/** The generic in-process harness (firmware-sim/app/in-process.ts) under every personality's own one. */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/model/clock.ts';
import { lineDecoder, startInProcess, type InProcessIo } from '../../../firmware-sim/app/in-process.ts';
import { MemoryNvm } from '../../../firmware-sim/hal/nvm-memory.ts';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');

describe('lineDecoder', () => {
  it('joins lines split across chunks and keeps or drops the CR as asked', () => {
    const lf = lineDecoder();
    expect([...lf(bytes('ab'))]).toEqual([]);
    expect([...lf(bytes('c\r\nd\ne'))]).toEqual(['abc\r', 'd']);
    const crlf = lineDecoder({ dropCr: true });
    expect([...crlf(bytes('S S 1 g\r\nS S 2 g\r'))]).toEqual(['S S 1 g']);
    expect([...crlf(bytes('\n'))]).toEqual(['S S 2 g']);
  });
});

describe('startInProcess', () => {
  it('serves a request at once, collects what each action returned, and uses the given clock and nvm', () => {
    const clock = new VirtualClock(0);
    const nvm = new MemoryNvm();
    let io: InProcessIo | undefined;
    let started = 0;
    const echo = {
      pending: [] as Uint8Array[],
      start: () => started++,
      service() {
        for (const chunk of echo.pending.splice(0)) io?.uart.write(chunk);
      },
    };
    const rig = startInProcess(
      (given) => {
        io = given;
        given.uart.onBytes((chunk) => echo.pending.push(chunk));
        given.clock.setTimeout(() => given.uart.write(bytes('tick\n')), 1000);
        return echo;
      },
      lineDecoder(),
      { clock, nvm },
    );
    expect(started).toBe(1);
    expect(rig.clock).toBe(clock);
    expect(io?.nvm).toBe(nvm);
    expect(rig.sendBytes(bytes('hello\n'))).toEqual(['hello']);
    expect(rig.advance(999)).toEqual([]);
    expect(rig.advance(1)).toEqual(['tick']);
    expect(rig.received).toEqual(['hello', 'tick']);
  });
});
