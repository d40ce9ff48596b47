import { describe, expect, it } from 'vitest';
import { SpellingIndex, keywordSpellings } from '../../../protocols/hai/keywords.ts';

describe('SpellingIndex', () => {
  const index = new SpellingIndex([
    ['PUMP:VOL?', 'volume'],
    ['PUMP:DEL?', 'delivered'],
    ['*IDN?', 'idn'],
  ]);

  it('finds a spelling in any case, inside a longer text', () => {
    expect(index.get('PUMP:VOL?', 0, 9)).toBe('volume');
    expect(index.get('pump:del?', 0, 9)).toBe('delivered');
    expect(index.get('  *idn? 1', 2, 7)).toBe('idn');
  });

  it('finds nothing for a different length, a different character or an empty range', () => {
    expect(index.get('PUMP:VOLU?', 0, 10)).toBeUndefined();
    expect(index.get('PUMP:VAL?', 0, 9)).toBeUndefined();
    expect(index.get('PUMP:VOL?', 0, 8)).toBeUndefined();
    expect(index.get('PUMP:VOL?', 3, 3)).toBeUndefined();
  });

  it('folds letters only: `[` is not `{`, `@` is not a backquote', () => {
    const symbols = new SpellingIndex([['A[@', 1]]);
    expect(symbols.get('a[@', 0, 3)).toBe(1);
    expect(symbols.get('a{@', 0, 3)).toBeUndefined();
    expect(symbols.get('a[`', 0, 3)).toBeUndefined();
  });

  it('refuses a spelling that is not upper case (it could never match)', () => {
    expect(() => new SpellingIndex([['Pump', 1]])).toThrow(/upper case/);
  });

  it('keywordSpellings accepts the short and the long form, nothing between', () => {
    const faults = keywordSpellings([['OCCLusion', 'OCCLUSION']]);
    expect(faults.get('OCCL', 0, 4)).toBe('OCCLUSION');
    expect(faults.get('occlusion', 0, 9)).toBe('OCCLUSION');
    expect(faults.get('OCCLU', 0, 5)).toBeUndefined();
  });
});
