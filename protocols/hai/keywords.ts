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

/** A letter's upper-case code; any other code unchanged (the fold SCPI's "any case" needs). */
const upperCode = (code: number): number => (code >= 0x61 && code <= 0x7a ? code - 0x20 : code);

const BUCKETS = 64;

/**
 * Spellings (upper case) → value, looked up straight in a line's text from `start` to `end` in
 * any case: the parser finds a header or keyword argument without slicing or upper-casing it
 * (a Map needs a string, and the slice and its hash showed in the request parser's profile).
 */
export class SpellingIndex<V> {
  private readonly buckets: { readonly spelling: string; readonly value: V }[][] = Array.from({ length: BUCKETS }, () => []);

  constructor(entries: Iterable<readonly [spelling: string, value: V]>) {
    for (const [spelling, value] of entries) {
      if (spelling !== spelling.toUpperCase()) throw new Error(`SpellingIndex: ${spelling} is not upper case`);
      this.buckets[SpellingIndex.hash(spelling, 0, spelling.length)]?.push({ spelling, value });
    }
  }

  private static hash(text: string, start: number, end: number): number {
    let hash = end - start;
    for (let i = start; i < end; i++) hash = (hash * 31 + upperCode(text.charCodeAt(i))) | 0;
    return hash & (BUCKETS - 1);
  }

  get(text: string, start: number, end: number): V | undefined {
    const bucket = this.buckets[SpellingIndex.hash(text, start, end)];
    if (bucket === undefined) return undefined;
    for (const entry of bucket) {
      const spelling = entry.spelling;
      if (spelling.length !== end - start) continue;
      let i = 0;
      while (i < spelling.length && spelling.charCodeAt(i) === upperCode(text.charCodeAt(start + i))) i++;
      if (i === spelling.length) return entry.value;
    }
    return undefined;
  }
}

/** keywordIndex as a SpellingIndex, for parsers that look keywords up in place. */
export function keywordSpellings<V>(entries: ReadonlyArray<readonly [mnemonic: string, value: V]>): SpellingIndex<V> {
  return new SpellingIndex([...keywordIndex(entries)]);
}
