/**
 * Which device a test or scenario runs against, from a DEV string (`--device`, or the
 * `HAIPUMP_DEVICE` variable): `sim` / `sim:<personality>` (a fresh emulator), or
 * `<personality>:<path>[@<baud>][#<addr>]` (a serial port: a USB pump, or an emulator someone else
 * started; `#<addr>` picks one pump of a New Era network or a Harvard chain).
 * The same grammar as `haipump run --device` (src/devices), parsed here without opening anything
 * so a test file can decide what to skip at collection time.
 */
import * as z from 'zod';
import { PERSONALITIES, type Personality } from './dialects/types.ts';
import { HilError } from './errors.ts';

export type HilTarget =
  | { kind: 'emulator'; personality: Personality }
  | { kind: 'port'; personality: Personality; path: string; baudRate: number | undefined; address?: number };

const Baud = z.coerce.number().int().positive();

export function parseTarget(spec: string): HilTarget {
  const text = spec.trim();
  if (text === 'sim') return { kind: 'emulator', personality: 'hai' };
  const colon = text.indexOf(':');
  if (colon <= 0) throw new HilError(`device ${JSON.stringify(spec)}: expected sim, sim:<personality> or <personality>:<path>[@<baud>]`);
  const head = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  const personality = (name: string): Personality => {
    const found = PERSONALITIES.find((p) => p === name);
    if (found === undefined)
      throw new HilError(`device ${JSON.stringify(spec)}: unknown personality ${JSON.stringify(name)} (${PERSONALITIES.join(', ')})`);
    return found;
  };
  if (head === 'sim') return { kind: 'emulator', personality: personality(rest) };
  const kind = personality(head);
  let address: number | undefined;
  const hash = rest.lastIndexOf('#');
  let line = rest;
  if (hash > 0) {
    const digits = rest.slice(hash + 1);
    if (!/^\d{1,2}$/.test(digits)) throw new HilError(`device ${JSON.stringify(spec)}: bad pump address ${JSON.stringify(digits)} (0..99)`);
    if (kind === 'hai')
      throw new HilError(`device ${JSON.stringify(spec)}: the HAI pump has no network address (#ADDR is for ne1000 and elite11)`);
    address = Number(digits);
    line = rest.slice(0, hash);
  }
  const at = line.lastIndexOf('@');
  const path = at > 0 ? line.slice(0, at) : line;
  if (path === '') throw new HilError(`device ${JSON.stringify(spec)}: no path`);
  let baudRate: number | undefined;
  if (at > 0) {
    const baud = Baud.safeParse(line.slice(at + 1));
    if (!baud.success) throw new HilError(`device ${JSON.stringify(spec)}: bad baud rate ${JSON.stringify(line.slice(at + 1))}`);
    baudRate = baud.data;
  }
  return { kind: 'port', personality: kind, path, baudRate, ...(address === undefined ? {} : { address }) };
}

/**
 * The target a test suite runs against: `HAIPUMP_DEVICE` when set, else an emulator of
 * `fallback` (default hai). Synchronous, so `describe.skipIf(...)` can use it.
 */
export function hilTarget(fallback: Personality = 'hai', env: NodeJS.ProcessEnv = process.env): HilTarget {
  const spec = env.HAIPUMP_DEVICE;
  return spec === undefined || spec.trim() === '' ? { kind: 'emulator', personality: fallback } : parseTarget(spec);
}

export function describeTarget(target: HilTarget): string {
  if (target.kind === 'emulator') return `emulated ${target.personality}`;
  return `${target.personality}${target.address === undefined ? '' : ` #${target.address}`} on ${target.path}`;
}
