// Network Command Burst [M p.35]: one packet with commands for several pumps on a network,
//   Command Burst         => <n> <command> *
//   Network Command Burst => <Command Burst> [Network Command Burst]
// where <n> (one digit, so pumps 0..9 only) is the address of the pump that executes <command>.
// The manual's example: `0 rat 100 * 1 rat 250 * 2 rat 375 *`. All addressed pumps answer at
// once, so the replies overlap on the line and "should be ignored" [M]: a host verifies with
// ordinary queries afterwards.
import { formatNeCommand, normalizeNeCommand, type NeCommand } from './command.ts';

/** Highest address a burst can name: <n> is one digit [M]. */
export const NE_BURST_MAX_ADDRESS = 9;

export interface NeBurstSegment {
  /** 0..9 */
  readonly address: number;
  /** The command text for that pump, without address (e.g. `RAT100`), as received. */
  readonly text: string;
}

/**
 * Pump side: the segments of a burst, or null when the text is not a burst (no `*` after a
 * command; a leading `*` is a system command, not a burst). A segment is `<digit><command>`;
 * text that does not split that way is not a burst and is parsed as one command (which then
 * fails like any garbled command).
 */
export function parseNeBurst(raw: string): NeBurstSegment[] | null {
  const normalized = normalizeNeCommand(raw);
  if (!normalized.endsWith('*') || normalized.startsWith('*')) return null;
  const parts = normalized.slice(0, -1).split('*');
  const segments: NeBurstSegment[] = [];
  for (const part of parts) {
    const m = /^(\d)(\D.*)?$/.exec(part);
    if (m === null) return null;
    segments.push({ address: Number(m[1]), text: m[2] ?? '' });
  }
  return segments;
}

/** Host side: the burst text (no CR) for one command per pump, e.g. `0RAT100.0MH*1RAT250.0MH*`.
 * Throws RangeError for an address above 9 or two commands for one pump. */
export function formatNeBurst(entries: readonly { address: number; command: NeCommand }[]): string {
  if (entries.length === 0) throw new RangeError('a burst needs at least one command');
  const seen = new Set<number>();
  return entries
    .map(({ address, command }) => {
      if (!Number.isInteger(address) || address < 0 || address > NE_BURST_MAX_ADDRESS) {
        throw new RangeError(`a burst can address pumps 0..${NE_BURST_MAX_ADDRESS} only, not ${address}`);
      }
      if (seen.has(address)) throw new RangeError(`pump ${address} appears twice in one burst`);
      seen.add(address);
      if (command.cmd === 'ADR' || command.cmd === 'RESET')
        throw new RangeError(`${command.cmd} is a system command and cannot go in a burst`);
      return `${formatNeCommand(command, address)}*`;
    })
    .join('');
}
