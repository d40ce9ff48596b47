import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CR,
  ETX,
  NeHostSideDeframer,
  NePumpSideDeframer,
  STX,
  asciiBytes,
  encodeBasicCommand,
  encodeBasicReply,
  encodeSafePacket,
} from '../../../protocols/newera/index.ts';
import type { NeHostSideEvent, NePumpSideEvent } from '../../../protocols/newera/index.ts';

const hex = (s: string): number[] => s.split(' ').map((h) => parseInt(h, 16));

function feedInChunks<E>(push: (c: Uint8Array) => E[], bytes: Uint8Array, cuts: readonly number[]): E[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: E[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(...push(bytes.subarray(prev, p)));
    prev = p;
  }
  return out;
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
};

describe('NePumpSideDeframer', () => {
  it('reads the worked safe packets and basic commands from one stream, byte by byte', () => {
    const d = new NePumpSideDeframer();
    const stream = [...hex('02 08 53 41 46 30 55 43 03'), ...asciiBytes('0 dia 26.59\r\n'), ...hex('02 08 30 52 55 4E 44 07 03'), CR];
    const events = stream.flatMap((b) => d.push([b]));
    expect(events.map((e) => (e.type === 'bad' ? e.reason : `${e.type}:${e.text}`))).toEqual([
      'safe:SAF0',
      'basic:0 dia 26.59',
      'safe:0RUN',
      'basic:',
    ]);
    // The LF after `26.59\r` was dropped when the STX came (blank); the last CR alone is the
    // empty command, a status query.
  });

  it('a corrupted CRC is reported ?COM-worthy and the stream goes on', () => {
    const d = new NePumpSideDeframer();
    const events = d.push([...hex('02 08 53 41 46 30 55 44 03'), ...hex('02 08 30 52 55 4E 44 07 03')]);
    expect(events[0]).toMatchObject({ type: 'bad', reason: 'bad-crc', comWorthy: true });
    expect(events[1]).toMatchObject({ type: 'safe', text: '0RUN' });
  });

  it('LEN and CRC bytes may be CR: the packet is delimited by LEN, not by scanning', () => {
    // Find data whose packet carries a CR or STX/ETX inside (found by search, then checked).
    let packet: Uint8Array | undefined;
    for (let n = 0; n < 100000 && packet === undefined; n++) {
      const p = encodeSafePacket(`0RAT${n}`);
      if (p.subarray(1, -1).some((b) => b === CR || b === STX || b === ETX)) packet = p;
    }
    expect(packet).toBeDefined();
    if (packet === undefined) return;
    const events = new NePumpSideDeframer().push(packet);
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('safe');
  });

  it('a stray STX before a packet is re-scanned, not allowed to swallow it', () => {
    const d = new NePumpSideDeframer();
    const events = d.push([STX, ...encodeSafePacket('0RUN')]);
    expect(events.map((e) => e.type)).toEqual(['bad', 'safe']);
    expect(events[0]).toMatchObject({ reason: 'bad-length' }); // LEN read as 0x02
  });

  it('discards a partial packet whose bytes are more than 0.5 s apart', () => {
    const d = new NePumpSideDeframer();
    const p = encodeSafePacket('0RUN');
    expect(d.push(p.subarray(0, 4), 1000)).toEqual([]);
    expect(d.hasPartial).toBe(true);
    expect(d.lastByteAtMs).toBe(1000);
    const events = d.push(p.subarray(4), 1501);
    expect(events[0]).toMatchObject({ type: 'bad', reason: 'timeout', comWorthy: false });
    // Exactly 0.5 s apart is still one packet.
    const d2 = new NePumpSideDeframer();
    d2.push(p.subarray(0, 4), 1000);
    expect(d2.push(p.subarray(4), 1500)).toMatchObject([{ type: 'safe', text: '0RUN' }]);
  });

  it('reset() drops a partial frame', () => {
    const d = new NePumpSideDeframer();
    d.push(encodeSafePacket('0RUN').subarray(0, 5));
    d.reset();
    expect(d.hasPartial).toBe(false);
    expect(d.push(encodeSafePacket('0STP'))).toMatchObject([{ type: 'safe', text: '0STP' }]);
  });

  it('an endless basic line overflows once, then resumes after CR', () => {
    const d = new NePumpSideDeframer({ maxBasicBytes: 16 });
    const events = d.push(asciiBytes(`${'A'.repeat(40)}\r0RUN\r`));
    expect(events.map((e) => (e.type === 'bad' ? e.reason : e.text))).toEqual(['overflow', '0RUN']);
  });
});

describe('NeHostSideDeframer', () => {
  it('reads basic replies and the worked safe reply', () => {
    const d = new NeHostSideDeframer();
    const stream = [...encodeBasicReply('00S26.59'), ...hex('02 07 30 30 53 AA A6 03'), ...encodeBasicReply('00A?R')];
    const events = stream.flatMap((b) => d.push([b]));
    expect(events).toMatchObject([
      { type: 'basic-reply', text: '00S26.59' },
      { type: 'safe', text: '00S' },
      { type: 'basic-reply', text: '00A?R' },
    ]);
  });

  it('reports noise between frames and a corrupted CRC', () => {
    const d = new NeHostSideDeframer();
    const events = d.push([0x41, 0x42, ...hex('02 07 30 30 53 AA A7 03')]);
    expect(events).toMatchObject([
      { type: 'bad', reason: 'noise' },
      { type: 'bad', reason: 'bad-crc', comWorthy: true },
    ]);
  });
});

// ---- fuzz ------------------------------------------------------------------------------

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 30 });
const anyBytes = fc.uint8Array({ maxLength: 400 });
const cuts = fc.array(fc.nat(), { maxLength: 20 });

type Item =
  | { kind: 'safe'; text: string }
  | { kind: 'basic'; text: string }
  | { kind: 'corrupt'; bytes: Uint8Array }
  | { kind: 'garbage'; bytes: Uint8Array };

/** Streams of valid frames mixed with CRC-corrupted packets and garbage lines. Garbage has
 * no STX and ends in CR: basic mode has no start delimiter, so it is the one kind of noise
 * a basic command can be told apart from. */
const pumpItem: fc.Arbitrary<Item> = fc.oneof(
  printable.map((text) => ({ kind: 'safe' as const, text })),
  printable.map((text) => ({ kind: 'basic' as const, text })),
  fc.tuple(printable, fc.nat(), fc.integer({ min: 1, max: 255 })).map(([text, at, mask]) => {
    const p = encodeSafePacket(text);
    const i = 2 + (at % (p.length - 3)); // a data or CRC byte, never STX/LEN/ETX
    p[i] = (p[i] ?? 0) ^ mask;
    return { kind: 'corrupt' as const, bytes: p };
  }),
  fc
    .uint8Array({ maxLength: 30 })
    .map((g) => ({ kind: 'garbage' as const, bytes: Uint8Array.from([...g.filter((b) => b !== STX && b !== CR), CR]) })),
);

describe('deframer fuzz (fast-check)', () => {
  it('random bytes in random chunks never throw, on either side', () => {
    fc.assert(
      fc.property(anyBytes, cuts, fc.boolean(), (bytes, c, withTime) => {
        const pump = new NePumpSideDeframer();
        const host = new NeHostSideDeframer();
        let t = 0;
        const tick = (): number => {
          t += 300;
          return t;
        };
        feedInChunks((x) => pump.push(x, withTime ? tick() : undefined), bytes, c);
        feedInChunks((x) => host.push(x, withTime ? tick() : undefined), bytes, c);
      }),
      { numRuns: 3000 },
    );
  });

  it('pump side: every valid frame is recovered exactly; every corrupted packet is reported', () => {
    fc.assert(
      fc.property(fc.array(pumpItem, { maxLength: 12 }), cuts, (items, c) => {
        const bytes = concat(
          items.map((it) =>
            it.kind === 'safe' ? encodeSafePacket(it.text) : it.kind === 'basic' ? encodeBasicCommand(it.text) : it.bytes,
          ),
        );
        const d = new NePumpSideDeframer();
        const events: NePumpSideEvent[] = feedInChunks((x) => d.push(x), bytes, c);
        const got = events.map((e) => (e.type === 'bad' ? `bad:${e.reason}` : `${e.type}:${e.text}`));
        const want = items.map((it) =>
          it.kind === 'safe'
            ? `safe:${it.text}`
            : it.kind === 'basic'
              ? `basic:${it.text}`
              : it.kind === 'corrupt'
                ? 'bad:bad-crc'
                : `basic:${String.fromCharCode(...it.bytes.subarray(0, -1))}`,
        );
        expect(got).toEqual(want);
      }),
      { numRuns: 3000 },
    );
  });

  it('host side: every valid reply is recovered exactly; corrupted packets are reported', () => {
    const reply = fc.tuple(fc.integer({ min: 0, max: 99 }), printable).map(([a, rest]) => `${String(a).padStart(2, '0')}${rest}`);
    const hostItem = fc.oneof(
      reply.map((text) => ({ kind: 'safe' as const, text })),
      reply.map((text) => ({ kind: 'basic' as const, text })),
      fc.tuple(reply, fc.nat(), fc.integer({ min: 1, max: 255 })).map(([text, at, mask]) => {
        const p = encodeSafePacket(text);
        const i = 2 + (at % (p.length - 3));
        p[i] = (p[i] ?? 0) ^ mask;
        return { kind: 'corrupt' as const, text };
      }),
    );
    fc.assert(
      fc.property(fc.array(hostItem, { maxLength: 12 }), cuts, (items, c) => {
        const parts = items.map((it) => (it.kind === 'basic' ? encodeBasicReply(it.text) : encodeSafePacket(it.text)));
        // Corrupt after encoding so the expected outcome is known.
        items.forEach((it, k) => {
          if (it.kind === 'corrupt') {
            const p = parts[k];
            if (p !== undefined) p[p.length - 2] = (p[p.length - 2] ?? 0) ^ 0x5a;
          }
        });
        const d = new NeHostSideDeframer();
        const events: NeHostSideEvent[] = feedInChunks((x) => d.push(x), concat(parts), c);
        const got = events.map((e) => (e.type === 'bad' ? `bad:${e.reason}` : `${e.type === 'safe' ? 'safe' : 'basic'}:${e.text}`));
        const want = items.map((it) => (it.kind === 'corrupt' ? 'bad:bad-crc' : `${it.kind}:${it.text}`));
        expect(got).toEqual(want);
      }),
      { numRuns: 3000 },
    );
  });

  it('after arbitrary garbage and a 0.5 s gap, valid safe packets are recovered', () => {
    fc.assert(
      fc.property(anyBytes, fc.array(printable, { minLength: 1, maxLength: 5 }), cuts, (garbage, texts, c) => {
        const d = new NePumpSideDeframer();
        d.push(garbage, 0);
        const events = feedInChunks((x) => d.push(x, 600), concat(texts.map((t) => encodeSafePacket(t))), c);
        const safe = events.filter((e) => e.type === 'safe').map((e) => (e.type === 'safe' ? e.text : ''));
        expect(safe).toEqual(texts);
      }),
      { numRuns: 2000 },
    );
  });
});
