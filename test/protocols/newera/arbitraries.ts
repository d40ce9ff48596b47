// fast-check generators for NE-1000 commands and replies, shared by the property tests.
import fc from 'fast-check';
import type { NeCommand, NeReply } from '../../../protocols/newera/index.ts';
import {
  NE_ALARMS,
  NE_BAUD_RATES,
  NE_ON_OFF_SETTINGS,
  NE_RATE_UNITS,
  NE_STATUSES,
  NE_TRIGGER_MODES,
  NE_TTL_INPUT_PINS,
  NE_VOLUME_UNITS,
} from '../../../protocols/newera/index.ts';

/** A value the 4-digit format writes exactly: n / 10^d with n < 10^4. */
export const neValue: fc.Arbitrary<number> = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 3 }))
  .map(([n, d]) => n / 10 ** d);

const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export const neCommand: fc.Arbitrary<NeCommand> = fc
  .oneof(
    fc.constant({ cmd: 'STATUS' as const }),
    fc.record({ cmd: fc.constant('DIA' as const), diameterMm: opt(neValue) }),
    fc.oneof(
      fc.constant({ cmd: 'RAT' as const }),
      fc.record({ cmd: fc.constant('RAT' as const), rate: neValue, units: opt(fc.constantFrom(...NE_RATE_UNITS)) }),
    ),
    fc.oneof(
      fc.constant({ cmd: 'VOL' as const }),
      fc.record({ cmd: fc.constant('VOL' as const), volume: neValue }),
      fc.record({ cmd: fc.constant('VOL' as const), units: fc.constantFrom(...NE_VOLUME_UNITS) }),
    ),
    fc.record({
      cmd: fc.constant('DIR' as const),
      direction: opt(fc.constantFrom('INF' as const, 'WDR' as const, 'REV' as const, 'STK' as const)),
    }),
    fc.record({ cmd: fc.constant('RUN' as const), phase: opt(fc.integer({ min: 1, max: 41 })) }),
    fc.record({ cmd: fc.constant('PHN' as const), phase: opt(fc.integer({ min: 1, max: 41 })) }),
    fc.constantFrom(
      { cmd: 'STP' as const },
      { cmd: 'PUR' as const },
      { cmd: 'DIS' as const },
      { cmd: 'VER' as const },
      { cmd: 'RESET' as const },
    ),
    fc.record({ cmd: fc.constant('CLD' as const), direction: fc.constantFrom('INF' as const, 'WDR' as const) }),
    fc.record({ cmd: fc.constant('SAF' as const), timeoutS: opt(fc.integer({ min: 0, max: 255 })) }),
    fc.record({ cmd: fc.constant('ADR' as const), address: fc.integer({ min: 0, max: 99 }), baud: opt(fc.constantFrom(...NE_BAUD_RATES)) }),
    fc.constant({ cmd: 'ADR' as const }),
    fc.record({ cmd: fc.constant('ADR' as const), mode: fc.constantFrom('DUAL' as const, 'RECP' as const) }),
    fc.oneof(
      fc.constant({ cmd: 'FUN' as const }),
      fc.constantFrom('RAT', 'FIL', 'INC', 'DEC', 'STP', 'PRI', 'LPS', 'LPE', 'EVR').map((name) => ({ cmd: 'FUN' as const, fn: { name } })),
      fc
        .record({ name: fc.constantFrom('JMP', 'IF', 'EVN', 'EVS'), arg: fc.integer({ min: 1, max: 41 }) })
        .map((fn) => ({ cmd: 'FUN' as const, fn })),
      fc.integer({ min: 1, max: 99 }).map((arg) => ({ cmd: 'FUN' as const, fn: { name: 'LOP' as const, arg } })),
      fc.integer({ min: 0, max: 99 }).map((arg) => ({ cmd: 'FUN' as const, fn: { name: 'PRL' as const, arg } })),
      fc
        .oneof(
          fc.integer({ min: 0, max: 99 }),
          fc.integer({ min: 0, max: 99 }).map((n) => n / 10),
        )
        .map((arg) => ({ cmd: 'FUN' as const, fn: { name: 'PAS' as const, arg } })),
    ),
    fc.record({
      cmd: fc.constant('SET' as const),
      setting: fc.constantFrom(...NE_ON_OFF_SETTINGS),
      value: opt(fc.constantFrom(0 as const, 1 as const)),
    }),
    fc.record({ cmd: fc.constant('TRG' as const), mode: opt(fc.constantFrom(...NE_TRIGGER_MODES)) }),
    fc.record({ cmd: fc.constant('OUT' as const), level: fc.constantFrom(0 as const, 1 as const) }),
    fc.record({ cmd: fc.constant('IN' as const), pin: fc.constantFrom(...NE_TTL_INPUT_PINS) }),
    fc.oneof(
      fc.constant({ cmd: 'BUZ' as const }),
      fc.constant({ cmd: 'BUZ' as const, on: 0 as const }),
      fc.record({ cmd: fc.constant('BUZ' as const), on: fc.constant(1 as const), beeps: opt(fc.integer({ min: 1, max: 99 })) }),
    ),
    fc.oneof(
      fc.constant({ cmd: 'SIM' as const, op: 'STALL' as const }),
      fc.constant({ cmd: 'SIM' as const, op: 'TIME?' as const }),
      fc.integer({ min: 1, max: 86_400_000 }).map((ms) => ({ cmd: 'SIM' as const, op: 'TIME:ADV' as const, ms })),
    ),
  )
  .map((c) => withoutUndefined(c) as NeCommand);

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 20 });

export const neReply: fc.Arbitrary<NeReply> = fc.oneof(
  fc.record({ kind: fc.constant('alarm' as const), address: fc.integer({ min: 0, max: 99 }), alarm: fc.constantFrom(...NE_ALARMS) }),
  fc.record({
    kind: fc.constant('status' as const),
    address: fc.integer({ min: 0, max: 99 }),
    status: fc.constantFrom(...NE_STATUSES),
    data: printable.filter((s) => !s.startsWith('?')),
  }),
  fc.record({
    kind: fc.constant('status' as const),
    address: fc.integer({ min: 0, max: 99 }),
    status: fc.constantFrom(...NE_STATUSES),
    error: fc.constantFrom('?' as const, '?NA' as const, '?OOR' as const, '?COM' as const, '?IGN' as const),
    data: fc.constant(''),
  }),
);
