/**
 * The implanted pump emulator is faithful (issue 10 item 7): fill, drain and side-port bolus take
 * the time the procedure takes (the profile's fillDurationMin, drainDurationMin and
 * bolus.rateMlPerMin, the numbers the lifecycle model uses), the flow drifts with the pump's
 * age, and the flow-deviation alarm (206) compares with what the flow should be under the
 * conditions the pump measured, so a fever is no deviation. Expected numbers are worked by hand
 * from the default profile (codman-3000-30ml: 10 min fill, 5 min drain, bolus 1 mL/min,
 * nominal 1 mL/day of heparinized saline at 37 °C, residual 1 mL).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PUMP_PROFILE } from '../../../../src/model/default-profile.ts';
import { MemoryNvm } from '../../../../firmware-sim/hal/nvm-memory.ts';
import { startInProcessHai } from '../../../../firmware-sim/personalities/hai/in-process.ts';
import { converse } from '../support.ts';
import { withCrc } from './support.ts';

/** The log's state-change records (code 8) as state names, PROTOCOL.md 7.2 order. */
const STATES = ['EMPTY', 'FILLING', 'INFUSING', 'LOW', 'TAPERING', 'DEPLETED', 'DRAINING', 'DRAINED', 'BOLUS', 'FAULT'];
function stateChanges(d: ReturnType<typeof startInProcessHai>): { atMs: number; state: string }[] {
  const count = Number(d.request('LOG:COUN?'));
  const out: { atMs: number; state: string }[] = [];
  for (let i = 0; i < count; i++) {
    const [, atMs, code, value] = (d.request(`LOG:READ? ${i}`) ?? '').split(',');
    if (code === '8') out.push({ atMs: Number(atMs), state: STATES[Number(value)] ?? '?' });
  }
  return out;
}

describe('HAI emulator: procedures take their time', () => {
  it('a fill is FILLING for 10 minutes, infusing from its start, then INFUSING with !DONE', () => {
    const d = startInProcessHai();
    converse(d)`
      PUMP:FILL HEPS,30 → OK
      PUMP:STAT? → FILLING
      PUMP:VOL? → 30.0000
      // Nothing to drain or fill while the needle is in; the error says which procedure.
      PUMP:DRA → ERR 108,"Procedure in progress;FILL"
      PUMP:FILL HEPS,1 → ERR 108,"Procedure in progress;FILL"
      PUMP:BOL 1 → ERR 108,"Procedure in progress;FILL"
      // 9 min 59.999 s: still filling; 1 mL/day for that long is 0.00694 mL.
      SIM:TIME:ADV 599.999 → OK
      PUMP:STAT? → FILLING
      PUMP:VOL? → 29.9931
      // The last millisecond ends it; the line goes out before the OK.
      SIM:TIME:ADV 0.001 → ${withCrc('!DONE proc=FILL,atMs=600000,volMl=30.0000')}
                         → OK
      PUMP:STAT? → INFUSING
    `;
    expect(stateChanges(d)).toEqual([
      { atMs: 0, state: 'FILLING' },
      { atMs: 600_000, state: 'INFUSING' },
    ]);
  });

  it('a drain answers the returned volume at once, is DRAINING for 5 minutes, then DRAINED', () => {
    converse(startInProcessHai())`
      PUMP:FILL HEPS,20 → …
      SIM:TIME:ADV 86400 → …
      // One day at 1 mL/day: 19 mL left, 1 mL residual stays behind.
      PUMP:DRA → 18.0000
      PUMP:STAT? → DRAINING
      PUMP:VOL? → 1.0000
      PUMP:FLOW? → 0.0000
      PUMP:FILL HEPS,20 → ERR 108,"Procedure in progress;DRAIN"
      PUMP:DRA → ERR 108,"Procedure in progress;DRAIN"
      SIM:TIME:ADV 300 → ${withCrc('!DONE proc=DRAIN,atMs=86700000,volMl=18.0000')}
                       → OK
      PUMP:STAT? → DRAINED
      PUMP:FILL HEPS,20 → OK
    `;
  });

  it('a side-port bolus is BOLUS for volume / 1 mL/min, and only one at a time', () => {
    converse(startInProcessHai())`
      PUMP:FILL HEPS,30 → …
      SIM:TIME:ADV 600 → …
      PUMP:BOL 2.5 → OK
      PUMP:STAT? → BOLUS
      PUMP:BOL 1 → ERR 108,"Procedure in progress;BOLUS"
      // 2.5 mL at 1 mL/min: 150 s.
      SIM:TIME:ADV 149.999 → OK
      PUMP:STAT? → BOLUS
      SIM:TIME:ADV 0.001 → ${withCrc('!DONE proc=BOLUS,atMs=750000,volMl=2.5000')}
                         → OK
      PUMP:STAT? → INFUSING
      PUMP:BOL 1 → OK
    `;
  });

  it('a drain during a bolus is taken, as the lifecycle model takes it; the bolus still ends on time', () => {
    const d = startInProcessHai();
    converse(d)`
      PUMP:FILL HEPS,30 → …
      SIM:TIME:ADV 600 → …
      PUMP:BOL 10 → OK
      // The side-port bolus is not from the reservoir: 30 mL less 10 min at 1 mL/day, less the 1 mL residual.
      PUMP:DRA → 28.9931
      PUMP:STAT? → DRAINING
    `;
    const out = d.send('SIM:TIME:ADV 600');
    expect(out.filter((l) => l.startsWith('!DONE'))).toEqual([
      withCrc('!DONE proc=DRAIN,atMs=900000,volMl=28.9931'),
      withCrc('!DONE proc=BOLUS,atMs=1200000,volMl=10.0000'),
    ]);
    expect(d.request('PUMP:STAT?')).toBe('DRAINED');
  });

  it('a procedure is in NVM: it survives a brown-out and ends at the same device time', () => {
    const nvm = new MemoryNvm();
    const d = startInProcessHai({ nvm });
    converse(d)`
      PUMP:FILL HEPS,30 → OK
      SIM:TIME:ADV 120 → OK
    `;
    const out = d.send('SIM:FAULT BROWN');
    expect(out.some((l) => l.includes('reset=BROWNOUT,nvm=OK,atMs=120000'))).toBe(true);
    expect(d.request('PUMP:STAT?')).toBe('FILLING');
    expect(d.send('SIM:TIME:ADV 480').filter((l) => l.startsWith('!DONE'))).toEqual([withCrc('!DONE proc=FILL,atMs=600000,volMl=30.0000')]);
  });
});

describe('HAI emulator: flow drifts with the pump age', () => {
  it('a unit with +5 %/year drift delivers 1.05 mL/day at calibration after one (Julian) year', () => {
    const profile = { ...DEFAULT_PUMP_PROFILE, driftFractionPerYear: 0.05 };
    converse(startInProcessHai({ profile }))`
      PUMP:FILL HEPS,30 → …
      PUMP:FLOW? → 1.0000
      SIM:TIME:ADV 600 → …
      PUMP:DRA → …
      // 365.25 days: the model's MS_PER_YEAR, so age is exactly 1 year at the next fill.
      SIM:TIME:ADV 31557000 → …
      SYST:TIME? → 31557600000
      PUMP:FILL HEPS,29 → …
      PUMP:FLOW? → 1.0500
    `;
  });
});

describe('HAI emulator: flow deviation (206) is judged against the conditions the pump measured', () => {
  /** Drug fill, `middle` on days 3..10, drain at day 14; returns the alarm list after the drain. */
  function fourteenDays(
    middle: (d: ReturnType<typeof startInProcessHai>) => void,
    after: (d: ReturnType<typeof startInProcessHai>) => void,
  ): string | undefined {
    const d = startInProcessHai();
    d.request('PUMP:FILL FUDR,30');
    d.request('SIM:TIME:ADV 259200');
    middle(d);
    d.request('SIM:TIME:ADV 604800');
    after(d);
    d.request('SIM:TIME:ADV 345600');
    const returned = d.request('PUMP:DRA');
    expect(returned).toMatch(/^\d+\.\d{4}$/);
    return d.request('ALAR:LIST?');
  }

  it('a week of fever at 41 °C (+52 % flow) and a drain whose volume is right: no 206', () => {
    const alarms = fourteenDays(
      (d) => expect(d.request('SIM:ENV:TEMP 41')).toBe('OK'),
      (d) => expect(d.request('SIM:ENV:TEMP 37')).toBe('OK'),
    );
    // 209 (temperature) came and went with the fever; 206 never came.
    expect(alarms).toBe('NONE');
  });

  it('a catheter 40 % blocked (below the 203 threshold) for that week: 206', () => {
    const alarms = fourteenDays(
      (d) => expect(d.request('SIM:FAULT OCCL,0.4')).toBe('OK'),
      (d) => expect(d.request('SIM:FAULT:CLE OCCL')).toBe('OK'),
    );
    expect(alarms).toBe('206:MEDIUM:0');
  });

  it('a fever the thermometer could not see (sensor failed) is a deviation: 206', () => {
    const d = startInProcessHai();
    d.request('PUMP:FILL FUDR,30');
    d.request('SIM:TIME:ADV 259200');
    // The temperature sensor fails (open circuit) before the fever: the firmware keeps 37 °C.
    d.device.plant.sensors.fail('temp');
    d.request('SIM:ENV:TEMP 41');
    d.request('SIM:TIME:ADV 604800');
    d.request('SIM:ENV:TEMP 37');
    d.device.plant.sensors.repair('temp');
    d.request('ALAR:ACK ALL');
    d.request('SIM:TIME:ADV 345600');
    d.request('ALAR:ACK ALL');
    expect(d.request('PUMP:DRA')).toMatch(/^\d+\.\d{4}$/);
    expect(d.request('ALAR:LIST?')).toContain('206:MEDIUM:0');
  });
});
