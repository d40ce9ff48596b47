/**
 * SCPI keyword forms (PROTOCOL.md section 5): in `VOLume` the short form is the uppercase part
 * (`VOL`) and the long form the whole word; a receiver accepts exactly one of the two, any case.
 */

export function shortForm(mnemonic: string): string {
  return mnemonic.replace(/[a-z]/g, '');
}

export function longForm(mnemonic: string): string {
  return mnemonic.toUpperCase();
}

/** Both accepted spellings, uppercased (one entry when they coincide, e.g. `FLOW`). */
export function keywordForms(mnemonic: string): readonly string[] {
  const short = shortForm(mnemonic);
  const long = longForm(mnemonic);
  return short === long ? [long] : [short, long];
}

export function matchesKeyword(token: string, mnemonic: string): boolean {
  const upper = token.toUpperCase();
  return upper === longForm(mnemonic) || upper === shortForm(mnemonic);
}

/**
 * Index: every accepted spelling (uppercased) → value. Used for keyword arguments, where the
 * set is small and known, so a Map lookup replaces a scan.
 */
export function keywordIndex<V>(entries: ReadonlyArray<readonly [mnemonic: string, value: V]>): ReadonlyMap<string, V> {
  const index = new Map<string, V>();
  for (const [mnemonic, value] of entries) for (const form of keywordForms(mnemonic)) index.set(form, value);
  return index;
}
