import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_PUMP_PROFILE } from '../../../../src/model/default-profile.ts';
import { fullFlowRateMlPerDay } from '../../../../src/model/flow.ts';
import { msUntilVolume, remainingAfterMs } from '../../../../src/model/reservoir.ts';
import { MS_PER_DAY } from '../../../../src/model/units.ts';
import { MemoryNvm } from '../../../../firmware-sim/hal/nvm-memory.ts';
import { startInProcessHai } from '../../../../firmware-sim/personalities/hai/in-process.ts';
import { parseReply } from '../../../../protocols/hai/reply.ts';
import { converse } from '../support.ts';
import { withCrc } from './support.ts';

// Counts the reservoir model's evaluations: the cost of a SIM:TIME:ADV in work done, which no
// machine's speed changes (a stopwatch would measure how busy the machine is).
const modelEvaluations = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../../src/model/reservoir.ts', async (importOriginal) => {
  const model = await importOriginal<typeof import('../../../../src/model/reservoir.ts')>();
  return {
    ...model,
    remainingAfterMs: (...args: Parameters<typeof model.remainingAfterMs>) => {
      modelEvaluations.count++;
      return model.remainingAfterMs(...args);
    },
    msUntilVolume: (...args: Parameters<typeof model.msUntilVolume>) => {
      modelEvaluations.count++;
      return model.msUntilVolume(...args);
    },
  };
});

const profile = DEFAULT_PUMP_PROFILE;
const fudrRate = fullFlowRateMlPerDay(profile, { ...profile.calibration, infusate: 'fudr' });

/** The model's closed form, rounded to nL the way a test oracle (not the device) computes it. */
function expectedRemainingNl(startMl: number, elapsedMs: number): number {
  return Math.round(remainingAfterMs(profile, { startVolumeMl: startMl, rateMlPerDay: fudrRate }, elapsedMs) * 1e6);
}

describe('hai device in-process', () => {
  it('boots blank, identifies, and mirrors the CRC suffix', () => {
    const d = startInProcessHai();
    expect(d.lines[0]).toBe('!BOOT fw=1.0.0,reset=POWERON,nvm=BLANK,atMs=0*95C3');
    expect(d.request('*IDN?')).toBe('HAIPUMP,HAI-30,SN000001,1.0.0');
    const withCrc = d.request('*IDN?*FBE3');
    expect(withCrc).toMatch(/^HAIPUMP,HAI-30,SN000001,1\.0\.0\*[0-9A-F]{4}$/);
    expect(parseReply(withCrc ?? '', { requireCrc: true }).ok).toBe(true);
    converse(d)`
      *IDN?*0000 → ERR -361,"CRC mismatch"*F1CC
      SYST:ERR? → -361,"CRC mismatch"
      ${'x'.repeat(300)} → ERR -363,"Input buffer overrun"
    `;
    expect(d.send('   ')).toEqual([]);
  });

  it('fills, infuses in closed form (any tick pattern), and drain returns the model volume', () => {
    const d = startInProcessHai();
    expect(d.request('PUMP:FILL FUDR,30')).toBe('OK');
    // 10 days in uneven pieces: SIM:TIME:ADV, plain ticking, and a big jump.
    expect(d.request('SIM:TIME:ADV 12345.678')).toBe('OK');
    d.advance(60_000);
    expect(d.request('SIM:TIME:ADV 851994.322')).toBe('OK');
    const elapsedMs = 12_345_678 + 60_000 + 851_994_322;
    const expectedNl = expectedRemainingNl(30, elapsedMs);
    expect(d.device.state().volumeNl).toBe(expectedNl);
    expect(Number.isInteger(d.device.state().totals.deliveredNl)).toBe(true);
    const returnedNl = expectedNl - profile.residualAfterDrainMl * 1e6;
    converse(d)`
      PUMP:VOL? → ${(expectedNl / 1e6).toFixed(4)}
      PUMP:DRA → ${(returnedNl / 1e6).toFixed(4)}
      PUMP:STAT? → DRAINING
      PUMP:INF? → NONE
      SIM:TIME:ADV 300 → …
      PUMP:STAT? → DRAINED
    `;
    const t = d.device.state().totals;
    expect(t.filledNl).toBe(t.deliveredNl + t.leakedNl + t.drainedNl + d.device.state().volumeNl);
  });

  it('refuses an over-capacity fill whole and a fill on top of infusate', () => {
    const d = startInProcessHai();
    const before = d.device.digest();
    expect(d.request('pump:fill glycerin,40')).toBe('ERR 101,"Reservoir over capacity"');
    expect(d.device.digest()).toBe(before);
    converse(d)`
      PUMP:FILL SAL,20 → OK
      PUMP:FILL SAL,5 → ERR 108,"Procedure in progress;FILL"
      SIM:SPEED 0 → …
      SIM:TIME:ADV 600 → …
      PUMP:FILL SAL,5 → ERR 102,"Reservoir not drained"
      // 10 min of saline at 1 mL/day have gone: 20 − 1/144 mL remain, 1 mL of it stays behind.
      PUMP:DRA → ${(19 - 1 / 144).toFixed(4)}
      SIM:TIME:ADV 300 → …
      // Residual 1 mL + 30 mL > 30 mL capacity.
      PUMP:FILL FUDR,30 → ERR 101,"Reservoir over capacity"
      PUMP:FILL FUDR,29 → OK
      PUMP:VOL? → 30.0000
    `;
  });

  it('raises low-reservoir then depleted alarms in time order before the OK', () => {
    const d = startInProcessHai();
    d.request('PUMP:FILL FUDR,30');
    const lowAtMs = msUntilVolume(profile, { startVolumeMl: 30, rateMlPerDay: fudrRate }, profile.lowReservoirMl);
    const out = d.send('SIM:TIME:ADV 3000000');
    expect(out[out.length - 1]).toBe('OK');
    const alarms = out.filter((l) => l.startsWith('!ALARM'));
    expect(alarms).toHaveLength(2);
    expect(alarms[0]).toBe('!ALARM 201,MEDIUM,"Low reservoir"*E8A2');
    expect(alarms[1]).toMatch(/^!ALARM 202,HIGH,"Reservoir depleted"\*[0-9A-F]{4}$/);
    expect(d.request('PUMP:STAT?')).toBe('DEPLETED');
    // The low alarm's log time is the exact crossing, give or take the half nanolitre of rounding
    // (0.5 nL at ~1 mL/day is ~43 ms).
    const raised = Array.from({ length: Number(d.request('LOG:COUN?')) }, (_, i) => d.request(`LOG:READ? ${i}`) ?? '')
      .map((r) => r.split(','))
      .find((f) => f[2] === '5' && f[3] === '201.0000');
    const halfNlMs = (0.5e-6 / fudrRate) * MS_PER_DAY;
    expect(Math.abs(Number(raised?.[1]) - lowAtMs)).toBeLessThanOrEqual(halfNlMs + 1);
    converse(d)`
      PUMP:BOL 1 → ERR 104,"Bolus refused"
      PUMP:DRA → ERR 103,"Alarm not acknowledged"
      ALAR:ACK 202 → OK
      ALAR:ACK 209 → ERR 106,"No such alarm"
      ALAR:LIST? → 201:MEDIUM:0;202:HIGH:1
      PUMP:DRA → 0.0000
      ALAR:LIST? → NONE
    `;
  });

  it('bolus: bounded, neither from the reservoir nor in delivered (side port)', () => {
    const d = startInProcessHai();
    converse(d)`
      PUMP:BOL 1 → ERR 105,"Invalid in current state"
      SIM:SPEED 0 → …
      PUMP:FILL HEPS,30 → …
      PUMP:BOL 1 → ERR 108,"Procedure in progress;FILL"
      SIM:TIME:ADV 600 → …
    `;
    const volume = d.request('PUMP:VOL?');
    const delivered = d.request('PUMP:DEL?');
    converse(d)`
      PUMP:BOL 0 → ERR -222,"Data out of range;volumeMl"
      PUMP:BOL 2.5 → OK
      PUMP:STAT? → BOLUS
      PUMP:BOL 1 → ERR 108,"Procedure in progress;BOLUS"
      PUMP:VOL? → ${volume}
      PUMP:DEL? → ${delivered}
    `;
  });

  it('occlusion stops flow; leak empties faster than delivery; sensor failure refuses volume reads', () => {
    const d = startInProcessHai();
    converse(d)`
      PUMP:FILL HEPS,30 → …
      SIM:FAULT OCCL → !ALARM 203,HIGH,"Occlusion"*2300
                     → OK
      SIM:TIME:ADV 86400 → …
      PUMP:VOL? → 30.0000
      PUMP:FLOW? → 0.0000
      PUMP:STAT? → FAULT
      SIM:FAULT:CLE OCCL → OK
      ALAR:LIST? → NONE

      SIM:FAULT LEAK,1 → ${withCrc('!ALARM 204,HIGH,"Leak"')}
                       → OK
      SIM:TIME:ADV 86400 → …
    `;
    const t = d.device.state().totals;
    // Heparinized saline at calibration: 1 mL/day delivered, 1 mL/day leaked.
    expect(t.leakedNl).toBe(1_000_000);
    expect(t.deliveredNl).toBe(1_000_000);
    expect(d.request('ALAR:LIST?')).toBe('204:HIGH:0');
    d.request('SIM:FAULT:CLE');

    const sens = d.send('SIM:FAULT SENS');
    expect(sens[0]).toMatch(/^!ALARM 205,HIGH,"Sensor failure"\*[0-9A-F]{4}$/);
    expect(sens[1]).toBe('OK');
    converse(d)`
      PUMP:VOL? → ERR 107,"Sensor fault"
      *TST? → 2
      SIM:FAULT SENS,1 → ERR -108,"Parameter not allowed"
      SIM:FAULT? → SENSOR
    `;
  });

  it('brown-out resets, restores from NVM and announces itself', () => {
    const nvm = new MemoryNvm();
    const d = startInProcessHai({ nvm });
    d.request('PUMP:FILL FUDR,20');
    d.request('SIM:TIME:ADV 3600');
    const volume = d.request('PUMP:VOL?');
    const out = d.send('SIM:FAULT BROWN');
    expect(out[0]).toBe('OK');
    expect(out[1]).toMatch(/^!BOOT fw=1\.0\.0,reset=BROWNOUT,nvm=OK,atMs=3600000\*[0-9A-F]{4}$/);
    expect(out[2]).toMatch(/^!ALARM 207,LOW,"Reset occurred"/);
    converse(d)`
      PUMP:VOL? → ${volume}
      SYST:ERR? → 0,"No error"
      ALAR:ACK 207 → OK
      ALAR:LIST? → NONE
    `;
  });

  it('watchdog resets a hung main loop', () => {
    const d = startInProcessHai();
    d.request('PUMP:FILL FUDR,20');
    d.device.hang();
    const out = d.advance(10_000);
    expect(out.some((l) => l.startsWith('!BOOT fw=1.0.0,reset=WATCHDOG,nvm=OK'))).toBe(true);
    expect(d.device.watchdogBites()).toBe(1);
    expect(d.request('PUMP:INF?')).toBe('FUDR');
  });

  it('NVM: one bad slot restores the older copy; both bad boots CORRUPT with alarm 208', () => {
    const nvm = new MemoryNvm();
    const first = startInProcessHai({ nvm });
    first.request('PUMP:FILL FUDR,20');
    first.device.powerCut();
    nvm.corrupt(0, 40);
    const second = startInProcessHai({ nvm });
    expect(second.lines[0]).toMatch(/nvm=(RESTORED|OK)/);
    second.device.powerCut();
    nvm.corrupt(0, 41);
    nvm.corrupt(1, 41);
    const third = startInProcessHai({ nvm });
    expect(third.lines[0]).toMatch(/nvm=CORRUPT/);
    expect(third.lines.some((l) => l.startsWith('!ALARM 208,HIGH,"NVM corrupt"'))).toBe(true);
    expect(third.request('PUMP:STAT?')).toBe('FAULT');
  });

  it('a torn NVM write during a fill is refused with -200 and leaves state unchanged', () => {
    const nvm = new MemoryNvm();
    const d = startInProcessHai({ nvm });
    const before = d.device.digest();
    nvm.tearNextWrite(10);
    expect(d.request('PUMP:FILL FUDR,20')).toBe('ERR -200,"Execution error;NVM write failed"');
    expect(d.device.digest()).toBe(before);
    converse(d)`
      // The loop retried the commit at the end of the tick, so the NVM is healthy again.
      *TST? → 0
      PUMP:FILL FUDR,20 → OK
      *TST? → 0
    `;
  });

  it('line faults: mute, slow, noise', () => {
    const d = startInProcessHai();
    converse(d)`
      SIM:FAULT MUTE,2 → OK
      *IDN? →
    `;
    d.advance(2100);
    expect(d.request('*IDN?')).toBe('HAIPUMP,HAI-30,SN000001,1.0.0');
    // SLOW delays its own OK too: every reply after the fault is set is late.
    expect(d.send('SIM:FAULT SLOW,500')).toEqual([]);
    expect(d.advance(600)).toEqual(['OK']);
    expect(d.send('*IDN?')).toEqual([]);
    expect(d.advance(600)).toEqual(['HAIPUMP,HAI-30,SN000001,1.0.0']);
    d.advance(1000);
    d.request('SIM:FAULT:CLE SLOW');
    d.advance(1000);
    expect(d.request('SIM:FAULT NOIS,0.5')).toBeDefined();
    const noisy = Array.from({ length: 20 }, () => d.send('*IDN?').join('|'));
    expect(noisy.some((l) => l !== 'HAIPUMP,HAI-30,SN000001,1.0.0')).toBe(true);
  });

  it('telemetry every period, *RST turns it off', () => {
    const d = startInProcessHai({ telemetryS: 60 });
    d.request('PUMP:FILL HEPS,30');
    const tel = d.advance(180_000).filter((l) => l.startsWith('!TEL'));
    expect(tel).toHaveLength(3);
    // The pump infuses during the 10-minute fill procedure, which the state shows.
    expect(tel[0]).toMatch(/^!TEL atMs=60000,volMl=29\.9993,deliveredMl=0\.0007,flowMlPerDay=1\.0000,state=FILLING\*[0-9A-F]{4}$/);
    expect(d.request('*RST')).toBe('OK');
    expect(d.request('TEL:PER?')).toBe('0');
    expect(d.advance(180_000).filter((l) => l.startsWith('!TEL'))).toEqual([]);
  });

  it('a real device (no simulation) answers SIM: with -113', () => {
    converse(startInProcessHai({ simulation: false }))`
      SIM:TIME? → ERR -113,"Undefined header"
      *IDN? → HAIPUMP,HAI-30,SN000001,1.0.0
    `;
  });

  it('a year in one SIM:TIME:ADV is cheap and exact', () => {
    const d = startInProcessHai();
    d.request('PUMP:FILL HEPS,30');
    modelEvaluations.count = 0;
    d.request('SIM:TIME:ADV 31622400');
    // Closed form from the anchor: a few evaluations per threshold crossed (low, taper, dry), not
    // one per tick (a year of 100 ms ticks would be 3e8).
    console.log(`SIM:TIME:ADV of a year: ${modelEvaluations.count} model evaluations`);
    expect(modelEvaluations.count).toBeLessThan(100);
    const rate = fullFlowRateMlPerDay(profile, profile.calibration);
    const expected = Math.round(remainingAfterMs(profile, { startVolumeMl: 30, rateMlPerDay: rate }, 366 * MS_PER_DAY) * 1e6);
    expect(d.device.state().volumeNl).toBe(expected);
  });
});
