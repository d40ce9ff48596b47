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

/** Whether `text` from `start` spells `spelling` (upper case) in any case; hosts send upper case, so that compare comes first. */
function sameLetters(spelling: string, text: string, start: number): boolean {
  for (let i = 0; i < spelling.length; i++) {
    const expected = spelling.charCodeAt(i);
    const code = text.charCodeAt(start + i);
    if (code !== expected && upperCode(code) !== expected) return false;
  }
  return true;
}

const BUCKETS = 256;

/**
 * Spellings (upper case) → value, looked up straight in a line's text from `start` to `end` in
 * any case: the parser finds a header or keyword argument without slicing or upper-casing it
 * (a Map needs a string, and the slice and its hash showed in the request parser's profile).
 */
export class SpellingIndex<V> {
  /** An empty bucket is undefined, not `[]`: a never-filled array has another hidden class than a filled one, and the lookup would see two. */
  private readonly buckets: ({ readonly spelling: string; readonly value: V }[] | undefined)[] = Array.from(
    { length: BUCKETS },
    () => undefined,
  );

  constructor(entries: Iterable<readonly [spelling: string, value: V]>) {
    for (const [spelling, value] of entries) {
      if (spelling !== spelling.toUpperCase()) throw new Error(`SpellingIndex: ${spelling} is not upper case`);
      const at = SpellingIndex.bucketOf(spelling, 0, spelling.length);
      const bucket = this.buckets[at] ?? [];
      bucket.push({ spelling, value });
      this.buckets[at] = bucket;
    }
  }

  /**
   * The length and four characters (first, last, and the two before the last) pick the bucket:
   * enough to keep the table's spellings apart (`PUMP:VOL?` and `PUMP:DEL?` differ only there)
   * while reading a few characters; the full compare happens once, in the bucket.
   */
  private static bucketOf(text: string, start: number, end: number): number {
    const length = end - start;
    if (length <= 0) return 0;
    const hash =
      length * 31 +
      upperCode(text.charCodeAt(start)) * 7 +
      upperCode(text.charCodeAt(end - 1)) +
      upperCode(text.charCodeAt(Math.max(start, end - 2))) * 3 +
      upperCode(text.charCodeAt(Math.max(start, end - 3))) * 13;
    return hash & (BUCKETS - 1);
  }

  get(text: string, start: number, end: number): V | undefined {
    const bucket = this.buckets[SpellingIndex.bucketOf(text, start, end)];
    if (bucket === undefined) return undefined;
    for (let b = 0; b < bucket.length; b++) {
      const entry = bucket[b];
      if (entry === undefined || entry.spelling.length !== end - start) continue;
      if (sameLetters(entry.spelling, text, start)) return entry.value;
    }
    return undefined;
  }
}

/** keywordIndex as a SpellingIndex, for parsers that look keywords up in place. */
export function keywordSpellings<V>(entries: ReadonlyArray<readonly [mnemonic: string, value: V]>): SpellingIndex<V> {
  return new SpellingIndex([...keywordIndex(entries)]);
}
