/** The harness dialect of each personality. */
import { HilError } from '../errors.ts';
import { elite11Dialect } from './elite11.ts';
import { haiDialect } from './hai.ts';
import { ne1000Dialect } from './ne1000.ts';
import type { Dialect, Personality } from './types.ts';

const DIALECTS: Readonly<Record<Personality, Dialect>> = { hai: haiDialect, ne1000: ne1000Dialect, elite11: elite11Dialect };

/**
 * The dialect of `personality`; with `address`, the dialect of that pump of a New Era network
 * or Harvard chain.
 */
export function dialectFor(personality: Personality, address?: number): Dialect {
  const dialect = DIALECTS[personality];
  if (dialect === undefined)
    throw new HilError(`the HIL harness does not speak ${personality} yet (only ${Object.keys(DIALECTS).join(', ')})`);
  if (address === undefined) return dialect;
  if (dialect.atAddress === undefined) throw new HilError(`the ${personality} pump has no network address`);
  return dialect.atAddress(address);
}

export type { Personality, Dialect } from './types.ts';
