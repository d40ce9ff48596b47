import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PUMP_STATES, formatUnsolicited, isUnsolicited, parseUnsolicited, type HaiUnsolicited } from '../../../protocols/hai/index.ts';

describe('unsolicited lines', () => {
  // Copied literally from PROTOCOL.md section 6.
  const ALARM = '!ALARM 201,MEDIUM,"Low reservoir"*E8A2';
  const TEL = '!TEL atMs=3600000,volMl=29.9583,deliveredMl=0.0417,flowMlPerDay=1.0000,state=INFUSING*95FC';
  const BOOT = '!BOOT fw=1.0.0,reset=POWERON,nvm=BLANK,atMs=0*95C3';
  const DONE = '!DONE proc=FILL,atMs=600000,volMl=30.0000*0AC5';

  it('formats the spec examples byte for byte (CRC on by default)', () => {
    expect(formatUnsolicited({ kind: 'alarm', code: 201, severity: 'MEDIUM', text: 'Low reservoir' })).toBe(ALARM);
    expect(
      formatUnsolicited({ kind: 'telemetry', atMs: 3_600_000, volMl: 29.9583, deliveredMl: 0.0417, flowMlPerDay: 1, state: 'INFUSING' }),
    ).toBe(TEL);
    expect(formatUnsolicited({ kind: 'boot', firmware: '1.0.0', reset: 'POWERON', nvm: 'BLANK', atMs: 0 })).toBe(BOOT);
    expect(formatUnsolicited({ kind: 'done', procedure: 'FILL', atMs: 600_000, volMl: 30 })).toBe(DONE);
    expect(formatUnsolicited({ kind: 'boot', firmware: '1.0.0', reset: 'POWERON', nvm: 'BLANK', atMs: 0 }, { crc: false })).toBe(
      '!BOOT fw=1.0.0,reset=POWERON,nvm=BLANK,atMs=0',
    );
  });

  it('parses them back', () => {
    expect(parseUnsolicited(ALARM)).toEqual({
      ok: true,
      crc: true,
      message: { kind: 'alarm', code: 201, severity: 'MEDIUM', text: 'Low reservoir' },
    });
    expect(parseUnsolicited(TEL)).toMatchObject({ ok: true, message: { kind: 'telemetry', volMl: 29.9583, state: 'INFUSING' } });
    expect(parseUnsolicited(BOOT)).toMatchObject({ ok: true, message: { kind: 'boot', reset: 'POWERON', nvm: 'BLANK' } });
    expect(parseUnsolicited(DONE)).toEqual({ ok: true, crc: true, message: { kind: 'done', procedure: 'FILL', atMs: 600_000, volMl: 30 } });
    expect(parseUnsolicited('!DONE volMl=2.5000,proc=BOLUS,atMs=750000')).toMatchObject({
      ok: true,
      message: { kind: 'done', procedure: 'BOLUS', volMl: 2.5 },
    });
    expect(parseUnsolicited('!DONE proc=REFILL,atMs=1,volMl=1.0000')).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('accepts TEL keys in any order, ignores unknown keys and names, accepts no CRC', () => {
    expect(parseUnsolicited('!TEL state=LOW,flowMlPerDay=0.5000,extra=1,deliveredMl=1.0000,volMl=2.0000,atMs=5')).toEqual({
      ok: true,
      crc: false,
      message: { kind: 'telemetry', atMs: 5, volMl: 2, deliveredMl: 1, flowMlPerDay: 0.5, state: 'LOW' },
    });
    expect(parseUnsolicited('!FUTURE a=1')).toEqual({ ok: true, crc: false, message: { kind: 'other', name: 'FUTURE', rest: 'a=1' } });
  });

  it('rejects damaged lines', () => {
    expect(parseUnsolicited(TEL.replace('29.9583', '29.9584'))).toMatchObject({ ok: false, reason: 'crc-mismatch' });
    expect(parseUnsolicited('!TEL atMs=5,volMl=2.0000')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseUnsolicited('!TEL atMs=5,atMs=6,volMl=1,deliveredMl=1,flowMlPerDay=1,state=LOW')).toMatchObject({ ok: false });
    expect(parseUnsolicited('!ALARM 201,URGENT,"x"')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseUnsolicited('OK')).toMatchObject({ ok: false, reason: 'not-unsolicited' });
    expect(isUnsolicited('!x')).toBe(true);
    expect(isUnsolicited('OK')).toBe(false);
  });

  it('round-trips and never throws', () => {
    const volume = fc.integer({ min: 0, max: 500_000 }).map((n) => n / 10_000);
    const message: fc.Arbitrary<HaiUnsolicited> = fc.oneof(
      fc.record({
        kind: fc.constant('alarm' as const),
        code: fc.integer({ min: 1, max: 999 }),
        severity: fc.constantFrom('HIGH' as const, 'MEDIUM' as const, 'LOW' as const),
        text: fc
          .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 })
          .filter((t) => !t.includes('*')),
      }),
      fc.record({
        kind: fc.constant('telemetry' as const),
        atMs: fc.nat(),
        volMl: volume,
        deliveredMl: volume,
        flowMlPerDay: volume,
        state: fc.constantFrom(...PUMP_STATES),
      }),
      fc.record({
        kind: fc.constant('done' as const),
        procedure: fc.constantFrom('FILL' as const, 'DRAIN' as const, 'BOLUS' as const),
        atMs: fc.nat(),
        volMl: volume,
      }),
    );
    fc.assert(
      fc.property(message, (m) => {
        expect(parseUnsolicited(formatUnsolicited(m))).toEqual({ ok: true, crc: true, message: m });
      }),
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (t) => void parseUnsolicited(`!${t}`)));
  });
});
