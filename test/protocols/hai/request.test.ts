import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INFUSATE_NAMES } from '../../../src/model/infusate.ts';
import {
  COMMANDS,
  HAI_ERRORS,
  HaiRequestSchema,
  appendCrc,
  HAI_INFUSATES,
  decodeRequestLine,
  formatRequest,
  isSimRequest,
  keywordForms,
  parseRequest,
  shortForm,
  type HaiRequest,
  type RequestParse,
} from '../../../protocols/hai/index.ts';
import { KIND_ARBITRARIES, haiRequest, randomCase } from './arbitraries.ts';

const request = (text: string): HaiRequest => {
  const parsed = parseRequest(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error.code} ${parsed.error.message}`);
  return parsed.request;
};
const code = (text: string): number | null => {
  const parsed = parseRequest(text);
  return parsed.ok ? null : parsed.error.code;
};
const KNOWN_CODES = new Set<number>(Object.values(HAI_ERRORS).map((e) => e.code));

describe('parseRequest: examples from PROTOCOL.md', () => {
  it.each<[string, HaiRequest]>([
    ['*IDN?', { kind: 'idn' }],
    ['*RST', { kind: 'reset' }],
    ['*CLS', { kind: 'clearStatus' }],
    ['*TST?', { kind: 'selfTest' }],
    ['SYST:ERR?', { kind: 'errorQuery' }],
    ['SYST:VERS?', { kind: 'versionQuery' }],
    ['PUMP:FILL FUDR,30', { kind: 'fill', infusate: 'fudr', volumeMl: 30 }],
    ['pump:fill glycerin,40', { kind: 'fill', infusate: 'glycerin', volumeMl: 40 }],
    ['PUMP:DRA', { kind: 'drain' }],
    ['LOG:READ? 0', { kind: 'logRead', index: 0 }],
    ['SIM:FAULT OCCL,0.75', { kind: 'simFault', fault: 'OCCLUSION', param: 0.75 }],
    ['SIM:FAULT:CLE', { kind: 'simFaultClear', fault: 'ALL' }],
    ['sim:env:altitude 1609', { kind: 'simAltitude', altitudeM: 1609 }],
    ['ALARm:ACKnowledge ALL', { kind: 'alarmAck', target: 'ALL' }],
    ['ALAR:ACK 201', { kind: 'alarmAck', target: 201 }],
    ['SIM:ENV:TEMP?', { kind: 'simEnvQuery', quantity: 'temperature' }],
    [':PUMP:VOL?', { kind: 'volumeQuery' }],
    ['  \tPUMP:VOL?  ', { kind: 'volumeQuery' }],
  ])('%s', (text, expected) => {
    expect(request(text)).toEqual(expected);
  });

  it.each<[string, number]>([
    ['PUMP:BOL 0', -222],
    ['SIM:FAULT SENS,1', -108],
    ['SIM:ENV:TEMP 50', -222],
    ['SIM:ENV:ALT -501', -222],
    ['PUMP:FILL FUDR,100.0001', -222],
    ['PUMP:FILL FUDR,1e999', -222],
    ['PUMP:FILL FUDR,NaN', -104],
    ['PUMP:FILL FUDR,Inf', -104],
    ['PUMP:FILL FUDR,0x1E', -104],
    ['PUMP:FILL FUDR,30ML', -104],
    ['PUMP:FILL 3,30', -104],
    ['PUMP:FILL COFFEE,30', -224],
    ['PUMP:FILL FUDR', -109],
    ['PUMP:FILL', -109],
    ['PUMP:FILL FUDR,30,1', -108],
    ['PUMP:FILL FUDR,,30', -102],
    ['PUMP:FILL FUDR,30,', -102],
    ['*IDN? 1', -108],
    ['PUMP:VOLU?', -113],
    ['PUMP:VO?', -113],
    ['PUMP:VOL', -113],
    ['PUMP:FILL? FUDR,3', -113],
    ['FOO:BAR?', -113],
    ['PUMP::VOL?', -102],
    ['PUMP:VOL?;*IDN?', -102],
    ['*IDN?*FBE4', -361],
    ['PUMP:VOL?\u0000', -102],
    ['PUMP:VOL?\u00e9', -102],
    ['PUMP:VOL?\r', -102],
    ['*0000', -102],
    ['LOG:READ? 1.5', -104],
    ['LOG:READ? -1', -222],
    ['TEL:PER 86401', -222],
    ['ALAR:ACK 0', -222],
    ['ALAR:ACK SOME', -224],
    ['SIM:FAULT WIND', -224],
    ['SIM:SPEED -1', -222],
  ])('%s → %i', (text, expected) => {
    expect(code(text)).toBe(expected);
  });

  it('accepts integers written as exact decimals or exponents', () => {
    expect(request('LOG:READ? 3.0')).toEqual({ kind: 'logRead', index: 3 });
    expect(request('LOG:READ? 3e0')).toEqual({ kind: 'logRead', index: 3 });
    expect(request('PUMP:BOL .5')).toEqual({ kind: 'bolus', volumeMl: 0.5 });
    expect(request('PUMP:BOL +2.5E-1')).toEqual({ kind: 'bolus', volumeMl: 0.25 });
    // The wire has no negative zero: -0 parses as 0, so it formats back as "0".
    const zero = request('SIM:ENV:ALT -0e0 ');
    expect(zero.kind === 'simAltitude' && Object.is(zero.altitudeM, 0)).toBe(true);
  });

  it('answers with a CRC iff the request had a suffix, whatever the outcome', () => {
    expect(parseRequest('*IDN?*FBE3')).toEqual({ ok: true, request: { kind: 'idn' }, crc: true });
    expect(parseRequest('*IDN?*fbe3').crc).toBe(true);
    expect(parseRequest('*IDN?*FBE4').crc).toBe(true);
    expect(parseRequest('\u0001*IDN?*FBE3')).toMatchObject({ ok: false, error: { code: -102 }, crc: true });
    expect(parseRequest('PUMP:FILL FUDR,30*B821')).toEqual({
      ok: true,
      request: { kind: 'fill', infusate: 'fudr', volumeMl: 30 },
      crc: true,
    });
  });

  it('uses the error texts of the table, with ;detail', () => {
    expect(parseRequest('*IDN?*FBE4')).toEqual({ ok: false, error: { code: -361, message: 'CRC mismatch' }, crc: true });
    expect(parseRequest('\u0001')).toEqual({ ok: false, error: { code: -102, message: 'Syntax error;invalid character' }, crc: false });
    expect(parseRequest('PUMP:FILL FUDR,300')).toEqual({
      ok: false,
      error: { code: -222, message: 'Data out of range;volumeMl' },
      crc: false,
    });
  });
});

describe('decodeRequestLine', () => {
  it('sends nothing for blank lines, -363 without CRC for overflow', () => {
    expect(decodeRequestLine({ kind: 'line', text: '' })).toBeNull();
    expect(decodeRequestLine({ kind: 'line', text: ' \t ' })).toBeNull();
    expect(decodeRequestLine({ kind: 'overflow' })).toEqual({
      ok: false,
      error: { code: -363, message: 'Input buffer overrun' },
      crc: false,
    });
    expect(decodeRequestLine({ kind: 'line', text: '*IDN?' })).toEqual({ ok: true, request: { kind: 'idn' }, crc: false });
  });
});

describe('headers: long/short forms, any case', () => {
  it('every command accepts every mix of short and long forms in any case', () => {
    for (const spec of COMMANDS) {
      const query = spec.header.endsWith('?');
      const nodes = (query ? spec.header.slice(0, -1) : spec.header).split(':');
      const spelled = fc.tuple(...nodes.map((n) => fc.constantFrom(...keywordForms(n)).chain(randomCase)));
      fc.assert(
        fc.property(spelled, (forms) => {
          const text = forms.join(':') + (query ? '?' : '');
          const args = (spec.required ?? []).length > 0 ? ' 1' : '';
          const parsed = parseRequest(text + args);
          // Arguments may be wrong for the command (e.g. a keyword expected); the header must be found.
          if (parsed.ok) expect(parsed.request.kind).toBe(spec.kind);
          else expect(parsed.error.code).not.toBe(-113);
        }),
        { numRuns: 20 },
      );
    }
  });

  it('rejects spellings between the short and the long form with -113', () => {
    for (const spec of COMMANDS) {
      const query = spec.header.endsWith('?');
      const nodes = (query ? spec.header.slice(0, -1) : spec.header).split(':');
      nodes.forEach((node, i) => {
        const short = shortForm(node);
        for (let len = short.length + 1; len < node.length; len++) {
          const bad = nodes.map((n, j) => (j === i ? node.slice(0, len) : shortForm(n))).join(':') + (query ? '?' : '');
          expect(code(bad)).toBe(-113);
        }
      });
    }
  });
});

describe('formatRequest', () => {
  it('writes short headers and long keyword arguments', () => {
    expect(formatRequest({ kind: 'fill', infusate: 'heparinized-saline', volumeMl: 30 })).toBe('PUMP:FILL HEPSALINE,30');
    expect(formatRequest({ kind: 'volumeQuery' }, { form: 'long' })).toBe('PUMP:VOLUME?');
    expect(formatRequest({ kind: 'idn' }, { crc: true })).toBe('*IDN?*FBE3');
    expect(formatRequest({ kind: 'volumeQuery' }, { crc: true })).toBe('PUMP:VOL?*6EEC');
    expect(formatRequest({ kind: 'fill', infusate: 'fudr', volumeMl: 30 }, { crc: true })).toBe('PUMP:FILL FUDR,30*B821');
    expect(formatRequest({ kind: 'simFault', fault: 'OCCLUSION', param: 0.75 })).toBe('SIM:FAULT OCCLUSION,0.75');
    expect(formatRequest({ kind: 'simFaultClear', fault: 'ALL' })).toBe('SIM:FAULT:CLE');
    expect(formatRequest({ kind: 'simEnvQuery', quantity: 'arterial' }, { form: 'long' })).toBe('SIM:ENV:ARTERIAL?');
  });

  it('refuses a request outside the ranges before it reaches the wire', () => {
    expect(() => formatRequest({ kind: 'bolus', volumeMl: 11 })).toThrow(RangeError);
    expect(() => formatRequest({ kind: 'simFault', fault: 'SENSOR', param: 1 })).toThrow(RangeError);
  });

  it('round-trips every request kind, short and long, with and without CRC', () => {
    fc.assert(
      fc.property(haiRequest, fc.boolean(), fc.constantFrom('short' as const, 'long' as const), (req, crc, form) => {
        const text = formatRequest(req, { crc, form });
        expect(text.length).toBeLessThan(256);
        expect(parseRequest(text)).toEqual({ ok: true, request: req, crc });
      }),
      { numRuns: 2000 },
    );
  });

  it('the arbitrary covers every command kind in the table', () => {
    expect(new Set(Object.keys(KIND_ARBITRARIES))).toEqual(new Set(COMMANDS.map((c) => c.kind)));
  });
});

describe('robustness', () => {
  const check = (parsed: RequestParse): void => {
    if (!parsed.ok) {
      expect(parsed.error.code).not.toBe(0);
      expect(KNOWN_CODES.has(parsed.error.code)).toBe(true);
    }
  };

  it('never throws on random strings and answers ok or a tabled error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => check(parseRequest(text))),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (text) => check(parseRequest(text))));
  });

  it('never throws on near-miss commands (mutated valid lines)', () => {
    const mutated = fc.tuple(haiRequest, fc.boolean(), fc.nat(), fc.string({ maxLength: 3 })).map(([req, crc, at, insert]) => {
      const text = formatRequest(req, { crc });
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + 1);
    });
    fc.assert(
      fc.property(mutated, (text) => check(parseRequest(text))),
      { numRuns: 2000 },
    );
  });
});

describe('vocabulary', () => {
  it('infusates are the src/model names', () => {
    expect([...HAI_INFUSATES].sort()).toEqual([...INFUSATE_NAMES].sort());
  });
});

describe('the SIM: back door in the command table (PROTOCOL.md 7.4: simulation-only, -113 on a real device)', () => {
  it('marks every SIM: header emulator-only, and no other', () => {
    for (const spec of COMMANDS) expect(spec.emulatorOnly === true, spec.header).toBe(spec.header.startsWith('SIM:'));
  });

  it.each([
    ['SIM:TIME?', true],
    ['SIM:FAULT OCCL,0.5', true],
    ['sim:env:temp?', true],
    ['*IDN?', false],
    ['PUMP:FILL FUDR,30', false],
    ['SYST:TIME?', false],
  ])('%s is a back-door request: %s', (line, expected) => {
    const parsed = parseRequest(line);
    expect(parsed.ok && isSimRequest(parsed.request)).toBe(expected);
  });
});

describe('value checks (compiled zod, value by value) against the whole schema', () => {
  // Commands whose only argument is a number: the line is written by hand, so values outside the
  // ranges reach the parser (formatRequest would refuse them).
  const numeric = COMMANDS.flatMap((spec) => {
    const [param, ...rest] = spec.required ?? [];
    if (param === undefined || rest.length > 0 || (spec.optional?.length ?? 0) > 0 || spec.fixed !== undefined) return [];
    return param.type === 'decimal' || param.type === 'integer' ? [{ spec, key: param.key, integer: param.type === 'integer' }] : [];
  });

  it('covers the single-number commands', () => {
    expect(numeric.map((n) => n.spec.kind)).toEqual(expect.arrayContaining(['bolus', 'logRead', 'simSpeed', 'simTemperature']));
  });

  it('accepts a number exactly when HaiRequestSchema does; refuses a fraction for an integer as -104, the rest as -222', () => {
    const hundredths = fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }).map((n) => n / 100);
    fc.assert(
      fc.property(fc.constantFrom(...numeric), fc.oneof(hundredths, fc.integer()), ({ spec, key, integer }, value) => {
        const line = `${shortForm(spec.header)} ${String(value)}`;
        const parsed = parseRequest(line);
        const whole = HaiRequestSchema.safeParse({ kind: spec.kind, [key]: value }).success;
        if (whole) expect(parsed).toEqual({ ok: true, request: { kind: spec.kind, [key]: value }, crc: false });
        else expect(parsed.ok ? null : parsed.error.code).toBe(integer && !Number.isInteger(value) ? -104 : -222);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('argument-less lines', () => {
  it('share one frozen parse per header and CRC flag, which a caller cannot change', () => {
    const first = parseRequest('PUMP:VOL?');
    expect(parseRequest('pump:volume?')).toBe(first);
    expect(parseRequest(appendCrc('PUMP:VOL?'))).not.toBe(first);
    expect(parseRequest(appendCrc('PUMP:VOL?'))).toEqual({ ok: true, request: { kind: 'volumeQuery' }, crc: true });
    expect(Object.isFrozen(first)).toBe(true);
    if (!first.ok) throw new Error('PUMP:VOL? refused');
    expect(Object.isFrozen(first.request)).toBe(true);
    expect(() => Object.assign(first.request, { kind: 'drain' })).toThrow(TypeError);
    expect(parseRequest('PUMP:VOL?')).toEqual({ ok: true, request: { kind: 'volumeQuery' }, crc: false });
  });
});
