/** The socat pty-pair fixture itself: links resolve, restart keeps the paths, close leaves no socat. */
import { realpath } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createPtyPair, type PtyPair } from '../support/pty.ts';

const pairs: PtyPair[] = [];
afterEach(async () => {
  for (const p of pairs.splice(0)) await p.close();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('createPtyPair', () => {
  it('creates two resolving links, restarts on the same paths, and kills socat on close', async () => {
    const pair = await createPtyPair();
    pairs.push(pair);
    const firstPid = pair.socatPid;
    expect(firstPid).toBeTypeOf('number');
    expect(await realpath(pair.a)).toMatch(/^\/dev\/pts\/\d+$/);
    expect(await realpath(pair.b)).toMatch(/^\/dev\/pts\/\d+$/);
    const { a, b } = pair;

    await pair.restart();
    expect(pair.a).toBe(a);
    expect(pair.b).toBe(b);
    expect(pair.socatPid).not.toBe(firstPid);
    expect(alive(firstPid ?? -1)).toBe(false);
    expect(await realpath(pair.a)).toMatch(/^\/dev\/pts\/\d+$/);

    const secondPid = pair.socatPid ?? -1;
    await pair.close();
    await pair.close(); // idempotent
    expect(pair.socatPid).toBeUndefined();
    expect(alive(secondPid)).toBe(false);
    await expect(realpath(pair.a)).rejects.toThrow();
  });
});
