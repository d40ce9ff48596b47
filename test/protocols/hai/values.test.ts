import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALARM_SEVERITIES,
  HAI_INFUSATES,
  PUMP_STATES,
  SIM_FAULTS,
  formatAlarmList,
  formatEnvValue,
  formatErrorEntry,
  formatFaultList,
  formatFixed,
  formatFlowMlPerDay,
  formatIdn,
  formatInfusate,
  formatLogRecord,
  formatVolumeMl,
  parseAlarmList,
  parseErrorEntry,
  parseFaultList,
  parseIdn,
  parseInfusate,
  parseInteger,
  parseLogRecord,
  parseNumber,
  parseSelfTest,
  parseState,
  type AlarmEntry,
} from '../../../protocols/hai/index.ts';

describe('value formats', () => {
  it('volumes and flows have exactly 4 decimals and no negative zero', () => {
    expect(formatVolumeMl(12.34564)).toBe('12.3456');
    expect(formatVolumeMl(0)).toBe('0.0000');
    expect(formatVolumeMl(-0.00001)).toBe('0.0000');
    expect(formatFlowMlPerDay(1)).toBe('1.0000');
    expect(formatFixed(-1.5, 1)).toBe('-1.5');
    expect(formatEnvValue('temperature', 37)).toBe('37.00');
    expect(formatEnvValue('altitude', 1609.34)).toBe('1609.3');
    expect(() => formatVolumeMl(Number.NaN)).toThrow(RangeError);
  });

  it('numbers and integers', () => {
    expect(parseNumber('12.3456')).toEqual({ ok: true, value: 12.3456 });
    expect(parseNumber('1e-7')).toEqual({ ok: true, value: 1e-7 });
    expect(parseNumber('NaN').ok).toBe(false);
    expect(parseInteger('86400000')).toEqual({ ok: true, value: 86_400_000 });
    expect(parseInteger('1.0').ok).toBe(false);
    expect(parseInteger('99999999999999999999').ok).toBe(false);
    expect(parseSelfTest('0')).toEqual({ ok: true, value: 0 });
    expect(parseSelfTest('5')).toEqual({ ok: true, value: 5 });
    expect(parseSelfTest('-1').ok).toBe(false);
  });

  it('*IDN?', () => {
    expect(formatIdn({ model: 'HAI-30', serial: 'SN000123', firmware: '1.0.0' })).toBe('HAIPUMP,HAI-30,SN000123,1.0.0');
    expect(parseIdn('HAIPUMP,HAI-30,SN000123,1.0.0')).toEqual({
      ok: true,
      value: { manufacturer: 'HAIPUMP', model: 'HAI-30', serial: 'SN000123', firmware: '1.0.0' },
    });
    expect(parseIdn('NEWERA,NE-1000,1,2').ok).toBe(false);
    expect(parseIdn('HAIPUMP,HAI-30,SN1').ok).toBe(false);
    expect(parseIdn('HAIPUMP,HAI 30,SN1,1').ok).toBe(false);
    expect(() => formatIdn({ model: 'A,B', serial: 'S', firmware: 'F' })).toThrow();
  });

  it('states and infusates', () => {
    for (const s of PUMP_STATES) expect(parseState(s)).toEqual({ ok: true, value: s });
    expect(parseState('infusing').ok).toBe(false);
    expect(formatInfusate(null)).toBe('NONE');
    expect(formatInfusate('heparinized-saline')).toBe('HEPSALINE');
    for (const i of [null, ...HAI_INFUSATES]) expect(parseInfusate(formatInfusate(i))).toEqual({ ok: true, value: i });
    expect(parseInfusate('COFFEE').ok).toBe(false);
  });

  it('error queue entries', () => {
    expect(formatErrorEntry({ code: 0, message: 'No error' })).toBe('0,"No error"');
    expect(formatErrorEntry({ code: -113, message: 'Undefined header;*IDX' })).toBe('-113,"Undefined header;?IDX"');
    expect(parseErrorEntry('-350,"Queue overflow"')).toEqual({ ok: true, value: { code: -350, message: 'Queue overflow' } });
    expect(parseErrorEntry('-350,Queue overflow').ok).toBe(false);
  });

  it('alarm list', () => {
    const alarms: AlarmEntry[] = [
      { code: 203, severity: 'HIGH', acknowledged: false },
      { code: 201, severity: 'MEDIUM', acknowledged: true },
    ];
    expect(formatAlarmList(alarms)).toBe('201:MEDIUM:1;203:HIGH:0');
    expect(formatAlarmList([])).toBe('NONE');
    expect(parseAlarmList('NONE')).toEqual({ ok: true, value: [] });
    expect(parseAlarmList('201:MEDIUM:1;203:HIGH:0')).toEqual({ ok: true, value: [alarms[1], alarms[0]] });
    expect(parseAlarmList('201:URGENT:1').ok).toBe(false);
    expect(parseAlarmList('201:HIGH:2').ok).toBe(false);
    const entry = fc.record({
      code: fc.integer({ min: 1, max: 999 }),
      severity: fc.constantFrom(...ALARM_SEVERITIES),
      acknowledged: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (a) => a.code, maxLength: 12 }), (list) => {
        expect(parseAlarmList(formatAlarmList(list))).toEqual({ ok: true, value: [...list].sort((a, b) => a.code - b.code) });
      }),
    );
  });

  it('log records', () => {
    expect(formatLogRecord({ seq: 1, atMs: 0, code: 1, value: 0 })).toBe('1,0,1,0.0000');
    expect(parseLogRecord('1,0,1,0.0000')).toEqual({ ok: true, value: { seq: 1, atMs: 0, code: 1, value: 0 } });
    expect(parseLogRecord('7,86400000,3,1.2500')).toEqual({ ok: true, value: { seq: 7, atMs: 86_400_000, code: 3, value: 1.25 } });
    expect(parseLogRecord('1,0,1').ok).toBe(false);
    expect(parseLogRecord('1,-5,1,0.0000').ok).toBe(false);
  });

  it('fault list', () => {
    expect(
      formatFaultList([
        { fault: 'SLOW', param: 500 },
        { fault: 'OCCLUSION', param: 1 },
      ]),
    ).toBe('OCCLUSION:1;SLOW:500');
    expect(formatFaultList([{ fault: 'SENSOR' }])).toBe('SENSOR');
    expect(parseFaultList('OCCLUSION:1;SLOW:500')).toEqual({
      ok: true,
      value: [
        { fault: 'OCCLUSION', param: 1 },
        { fault: 'SLOW', param: 500 },
      ],
    });
    expect(parseFaultList('NONE')).toEqual({ ok: true, value: [] });
    expect(parseFaultList('WIND:1').ok).toBe(false);
    const fault = fc.record({
      fault: fc.constantFrom(...SIM_FAULTS),
      param: fc.option(
        fc.double({ min: 0, max: 1e4, noNaN: true }).map((v) => (v === 0 ? 0 : v)),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(fc.uniqueArray(fault, { selector: (f) => f.fault }), (faults) => {
        const parsed = parseFaultList(formatFaultList(faults));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(parsed.value.length).toBe(faults.length);
      }),
    );
  });
});
