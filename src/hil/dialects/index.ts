/** The harness dialect of each personality. */
import { HilError } from '../errors.ts';
import { elite11Dialect } from './elite11.ts';
import { haiDialect } from './hai.ts';
import { ne1000Dialect } from './ne1000.ts';
import type { Dialect, Personality } from './types.ts';

const DIALECTS: Partial<Record<Personality, Dialect>> = { hai: haiDialect, ne1000: ne1000Dialect, elite11: elite11Dialect };

export function dialectFor(personality: Personality): Dialect {
  const dialect = DIALECTS[personality];
  if (dialect === undefined) throw new HilError(`the HIL harness does not speak ${personality} yet (only ${Object.keys(DIALECTS).join(', ')})`);
  return dialect;
}

export { PERSONALITIES, type Personality, type Dialect } from './types.ts';
