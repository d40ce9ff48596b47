// Network Command Burst [M p.35]: `<n> <command> *` repeated, n one digit. The example text is
// the manual's own (`0 rat 100 * 1 rat 250 * 2 rat 375 *`), written here by hand.
import { describe, expect, it } from 'vitest';
import { formatNeBurst, parseNeBurst } from '../../../protocols/newera/index.ts';

describe('parseNeBurst (pump side)', () => {
  it("splits the manual's example into one command per pump", () => {
    expect(parseNeBurst('0 rat 100 * 1 rat 250 * 2 rat 375 *')).toEqual([
      { address: 0, text: 'RAT100' },
      { address: 1, text: 'RAT250' },
      { address: 2, text: 'RAT375' },
    ]);
  });
  it('one segment is a burst too; a status query segment is allowed', () => {
    expect(parseNeBurst('3RUN*')).toEqual([{ address: 3, text: 'RUN' }]);
    expect(parseNeBurst('3*')).toEqual([{ address: 3, text: '' }]);
  });
  it.each([['0RAT100'], ['*ADR5'], ['*RESET'], ['12RAT1*'], ['RAT1*'], ['0RAT1**'], ['']])('%j is not a burst', (text) => {
    expect(parseNeBurst(text)).toBeNull();
  });
});

describe('formatNeBurst (host side)', () => {
  it('one command per pump, each ended by *', () => {
    expect(
      formatNeBurst([
        { address: 0, command: { cmd: 'RAT', rate: 100 } },
        { address: 1, command: { cmd: 'RAT', rate: 250 } },
        { address: 2, command: { cmd: 'RAT', rate: 375 } },
      ]),
    ).toBe('0RAT100.0*1RAT250.0*2RAT375.0*');
  });
  it('refuses what a burst cannot carry', () => {
    expect(() => formatNeBurst([])).toThrow(RangeError);
    expect(() => formatNeBurst([{ address: 10, command: { cmd: 'RUN' } }])).toThrow(/0\.\.9/);
    expect(() =>
      formatNeBurst([
        { address: 1, command: { cmd: 'RUN' } },
        { address: 1, command: { cmd: 'STP' } },
      ]),
    ).toThrow(/twice/);
    expect(() => formatNeBurst([{ address: 1, command: { cmd: 'RESET' } }])).toThrow(/system/);
  });
});
