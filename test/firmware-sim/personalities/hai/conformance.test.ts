/**
 * The HAI emulator against PROTOCOL.md, section by section, with every expected line written by
 * hand from the spec (CRCs from the bit-by-bit oracle in ./support.ts, never from the codec), as
 * transcripts in the spec's `request → reply` notation (../support.ts). Each test is named by the
 * section it pins; protocols/hai/CONFORMANCE.md points at them.
 */
import { describe, expect, it } from 'vitest';
import { MemoryNvm } from '../../../../firmware-sim/hal/nvm-memory.ts';
import { startInProcessHai } from '../../../../firmware-sim/personalities/hai/in-process.ts';
import { converse } from '../support.ts';
import { crcOf, withCrc } from './support.ts';

describe('1 Framing', () => {
  it('1.1 LF ends a line; a CR right before it is part of the terminator', () => {
    const d = startInProcessHai();
    expect(d.sendBytes(Buffer.from('*IDN?\n'))).toEqual(['HAIPUMP,HAI-30,SN000001,1.0.0']);
    expect(d.sendBytes(Buffer.from('*IDN?\r\n'))).toEqual(['HAIPUMP,HAI-30,SN000001,1.0.0']);
    // A line may arrive in pieces.
    expect(d.sendBytes(Buffer.from('*ID'))).toEqual([]);
    expect(d.sendBytes(Buffer.from('N?\n'))).toEqual(['HAIPUMP,HAI-30,SN000001,1.0.0']);
  });

  it('1.2 a line of 256 bytes with its LF is taken; 1.3 one byte more is -363, without CRC, at the LF', () => {
    const d = startInProcessHai();
    const longest = `*IDN?${' '.repeat(250)}`;
    expect(Buffer.byteLength(`${longest}\n`)).toBe(256);
    expect(d.send(longest)).toEqual(['HAIPUMP,HAI-30,SN000001,1.0.0']);
    expect(d.sendBytes(Buffer.from(`${longest} `))).toEqual([]);
    expect(d.sendBytes(Buffer.from('*IDN?*FBE3\n'))).toEqual(['ERR -363,"Input buffer overrun"']);
    expect(d.request('SYST:ERR?')).toBe('-363,"Input buffer overrun"');
  });

  it('1.4 a byte outside 0x20-0x7E/TAB: -102 invalid character, nothing executed', () => {
    const d = startInProcessHai();
    expect(
      d.sendBytes(
        Buffer.from([0x50, 0x55, 0x4d, 0x50, 0x3a, 0x46, 0x49, 0x4c, 0x4c, 0x20, 0x46, 0x55, 0x44, 0x52, 0x2c, 0x33, 0xe9, 0x0a]),
      ),
    ).toEqual(['ERR -102,"Syntax error;invalid character"']);
    expect(d.request('PUMP:STAT?')).toBe('EMPTY');
  });

  it('1.5 a blank line gets no reply and no error queue entry; 1.6 blanks around a request are ignored', () => {
    const d = startInProcessHai();
    expect(d.send('')).toEqual([]);
    expect(d.send(' \t ')).toEqual([]);
    expect(d.request('SYST:ERR?')).toBe('0,"No error"');
    expect(d.send(' \t*IDN? \t')).toEqual(['HAIPUMP,HAI-30,SN000001,1.0.0']);
  });
});

describe('2 One request, one reply', () => {
  it('2.1 OK, ERR <code>,"<text>", or a value; 2.3 a ; is -102', () => {
    converse(startInProcessHai())`
      *CLS → OK
      FOO? → ERR -113,"Undefined header"
      PUMP:CAP? → 30.0000
      PUMP:VOL?;*IDN? → ERR -102,"Syntax error;one command per line"
    `;
  });

  it('2.4 a second line sent before the reply is buffered and answered in order', () => {
    const d = startInProcessHai();
    expect(d.sendBytes(Buffer.from('*IDN?\nPUMP:STAT?\n'))).toEqual(['HAIPUMP,HAI-30,SN000001,1.0.0', 'EMPTY']);
  });
});

describe('3 CRC suffix', () => {
  it('3.3 a request with a CRC gets a reply with one, errors included; 3.4 a wrong CRC is -361 and not executed', () => {
    converse(startInProcessHai())`
      *IDN?*FBE3 → ${withCrc('HAIPUMP,HAI-30,SN000001,1.0.0')}
      ${withCrc('PUMP:FILL FUDR,30')} → OK*E45D
      ${withCrc('FOO?')} → ${withCrc('ERR -113,"Undefined header"')}
      PUMP:DRA*0000 → ERR -361,"CRC mismatch"*F1CC
      PUMP:STAT? → FILLING
      // Receivers accept lower-case hex digits.
      *IDN?*fbe3 → ${withCrc('HAIPUMP,HAI-30,SN000001,1.0.0')}
    `;
  });

  it('3.5 unsolicited lines always carry a CRC', () => {
    const d = startInProcessHai();
    expect(d.lines[0]).toBe(withCrc('!BOOT fw=1.0.0,reset=POWERON,nvm=BLANK,atMs=0'));
    expect(d.send('SIM:FAULT OCCL')).toEqual([withCrc('!ALARM 203,HIGH,"Occlusion"'), 'OK']);
  });
});

describe('4 Processing order and errors', () => {
  it('4.6 an empty body (a CRC only) is -102 empty command, with a CRC', () => {
    const d = startInProcessHai();
    expect(d.send(`*${crcOf('')}`)).toEqual([withCrc('ERR -102,"Syntax error;empty command"')]);
  });

  it.each<[string, string]>([
    ['PUMP::VOL?', 'ERR -102,"Syntax error;header"'],
    ['PUMP:FILL FUDR,,30', 'ERR -102,"Syntax error;empty argument"'],
    ['PUMP:FILL FUDR,NaN', 'ERR -104,"Data type error;volumeMl: number expected"'],
    ['LOG:READ? 1.5', 'ERR -104,"Data type error;index: integer expected"'],
    ['PUMP:FILL FUDR,30,1', 'ERR -108,"Parameter not allowed"'],
    ['PUMP:FILL FUDR', 'ERR -109,"Missing parameter;volumeMl"'],
    ['PUMP:VOLU?', 'ERR -113,"Undefined header"'],
    ['PUMP:VOL', 'ERR -113,"Undefined header"'],
    ['PUMP:FILL COFFEE,30', 'ERR -224,"Illegal parameter value;infusate"'],
    ['PUMP:FILL FUDR,100.0001', 'ERR -222,"Data out of range;volumeMl"'],
  ])('4.7/4.8 %s → %s', (line, reply) => {
    const d = startInProcessHai();
    expect(d.send(line)).toEqual([reply]);
  });

  it('4 the error queue: oldest first, 16 deep, the 17th error turns the 16th into -350, *CLS empties it', () => {
    const d = startInProcessHai();
    for (let i = 0; i < 17; i++) d.send('FOO?');
    for (let i = 0; i < 15; i++) expect(d.request('SYST:ERR?')).toBe('-113,"Undefined header"');
    converse(d)`
      SYST:ERR? → -350,"Queue overflow"
      SYST:ERR? → 0,"No error"
      FOO? → ERR -113,"Undefined header"
      *CLS → OK
      SYST:ERR? → 0,"No error"
    `;
  });

  it('4 the error queue is empty after a power cycle', () => {
    const nvm = new MemoryNvm();
    const first = startInProcessHai({ nvm });
    converse(first)`FOO? → ERR -113,"Undefined header"`;
    first.device.stop();
    converse(startInProcessHai({ nvm }))`SYST:ERR? → 0,"No error"`;
  });
});

describe('5 Headers, keywords, arguments', () => {
  it('short or long form in any case, an optional root colon; numbers, integers and keywords as 5 says', () => {
    converse(startInProcessHai())`
      PUMP:VOL? → 0.0000
      pump:volume? → 0.0000
      Pump:Vol? → 0.0000
      :PUMP:VOLUME? → 0.0000
      PUMP:FILL hepsaline , +2.5e1 → OK
      PUMP:VOL? → 25.0000
      LOG:READ? 0.0e0 → 1,0,1,0.0000
    `;
  });
});

describe('6 Unsolicited lines', () => {
  it('!ALARM, !TEL, !BOOT and !DONE in device-time order before the OK of an advance', () => {
    converse(startInProcessHai())`
      TEL:PER 300 → OK
      PUMP:FILL HEPS,30 → OK
      // 10 min: telemetry at 300 s and 600 s; the fill ends at 600 s, the DONE line before that boundary's TEL.
      SIM:TIME:ADV 600 → ${withCrc('!TEL atMs=300000,volMl=29.9965,deliveredMl=0.0035,flowMlPerDay=1.0000,state=FILLING')}
                       → ${withCrc('!DONE proc=FILL,atMs=600000,volMl=30.0000')}
                       → ${withCrc('!TEL atMs=600000,volMl=29.9931,deliveredMl=0.0069,flowMlPerDay=1.0000,state=INFUSING')}
                       → OK
      SIM:ENV:TEMP 39.5 → ${withCrc('!ALARM 209,MEDIUM,"Temperature out of range"')}
                        → OK
      SIM:FAULT BROWN → OK
                      → ${withCrc('!BOOT fw=1.0.0,reset=BROWNOUT,nvm=OK,atMs=600000')}
                      → ${withCrc('!ALARM 207,LOW,"Reset occurred"')}
    `;
  });
});

describe('7.1 SCPI common and system', () => {
  it('*IDN?, SYST:VERS?, SYST:TIME?', () => {
    converse(startInProcessHai())`
      *IDN? → HAIPUMP,HAI-30,SN000001,1.0.0
      SYST:VERS? → 1999.0
      SYST:TIME? → 0
      SIM:TIME:ADV 1.5 → OK
      SYST:TIME? → 1500
    `;
  });

  it('*RST turns telemetry off and keeps the error queue; *CLS empties it', () => {
    converse(startInProcessHai())`
      TEL:PER 60 → OK
      FOO? → ERR -113,"Undefined header"
      *RST → OK
      TEL:PER? → 0
      SYST:ERR? → -113,"Undefined header"
    `;
  });

  it('*TST? 0 pass; bit 2 volume sensor; bit 1 NVM (with bit 2: 3)', () => {
    converse(startInProcessHai())`
      *TST? → 0
      SIM:FAULT SENS → …
      *TST? → 2
    `;
    const wiped = new MemoryNvm();
    wiped.wipe();
    const w = startInProcessHai({ nvm: wiped });
    w.send('SIM:FAULT SENS');
    expect(w.send('*TST?')).toEqual(['3']);
  });
});

describe('7.2 Pump', () => {
  it('queries on an empty pump', () => {
    converse(startInProcessHai())`
      PUMP:STAT? → EMPTY
      PUMP:VOL? → 0.0000
      PUMP:DEL? → 0.0000
      PUMP:FLOW? → 0.0000
      PUMP:NOM? → 1.0000
      PUMP:CAP? → 30.0000
      PUMP:INF? → NONE
    `;
  });

  it('the infusate keywords, answered in upper-case long form', () => {
    for (const [keyword, answer, flow] of [
      ['SAL', 'SALINE', '1.0000'],
      ['HEPSALINE', 'HEPARINIZED-SALINE', '1.0000'],
      ['glyc', 'GLYCERIN', '0.4545'],
      ['FUDR', 'FUDR', '0.9722'],
    ]) {
      // At calibration: 1 mL/day × 0.70 mPa·s / the infusate's viscosity (1.54 glycerin, 0.72 FUDR).
      converse(startInProcessHai())`
        PUMP:FILL ${keyword},10 → OK
        PUMP:INF? → ${answer}
        PUMP:FLOW? → ${flow}
      `;
    }
  });

  it('PUMP:FILL and PUMP:DRAin with their errors (101, 102, 103, 108), the spec examples', () => {
    converse(startInProcessHai())`
      pump:fill glycerin,40 → ERR 101,"Reservoir over capacity"
      // 2.25 mL is below the 3 mL low-reservoir threshold from the start.
      PUMP:FILL HEPS,2.25 → ${withCrc('!ALARM 201,MEDIUM,"Low reservoir"')}
                          → OK
      PUMP:FILL HEPS,1 → ERR 108,"Procedure in progress;FILL"
      SIM:TIME:ADV 600 → …
      PUMP:FILL HEPS,1 → ERR 102,"Reservoir not drained"
      // 2.25 mL less 10 min at 1 mL/day (0.0069 mL), less the 1 mL residual.
      PUMP:DRA → 1.2431
      PUMP:STAT? → DRAINING
      SIM:TIME:ADV 300 → …
      PUMP:STAT? → DRAINED
      PUMP:INF? → NONE
      SIM:FAULT OCCL → …
      PUMP:FILL HEPS,1 → ERR 103,"Alarm not acknowledged"
      PUMP:DRA → ERR 103,"Alarm not acknowledged"
    `;
  });

  it('PUMP:BOLus with its errors (104, 105, 108, -222)', () => {
    converse(startInProcessHai())`
      PUMP:BOL 1 → ERR 105,"Invalid in current state"
      PUMP:FILL HEPS,30 → …
      SIM:TIME:ADV 600 → …
      PUMP:BOL 0 → ERR -222,"Data out of range;volumeMl"
      PUMP:BOL 10.0001 → ERR -222,"Data out of range;volumeMl"
      PUMP:BOL 10 → OK
      PUMP:BOL 1 → ERR 108,"Procedure in progress;BOLUS"
      SIM:TIME:ADV 600 → …
      SIM:ENV:TEMP 39.5 → …
      PUMP:BOL 1 → ERR 104,"Bolus refused"
    `;
  });

  it('FAULT while a HIGH alarm other than 202 is active; LOW, TAPERING, DEPLETED as the reservoir empties', () => {
    converse(startInProcessHai())`
      PUMP:FILL HEPS,30 → …
      SIM:FAULT OCCL → …
      PUMP:STAT? → FAULT
      SIM:FAULT:CLE → …
      // 1 mL/day from 30 mL: below 3 mL (low) after 27 days, below 1.5 mL (taper) after 28.5 days.
      SIM:TIME:ADV 2333000 → …
      PUMP:STAT? → LOW
      SIM:TIME:ADV 130000 → …
      PUMP:STAT? → TAPERING
      SIM:TIME:ADV 864000 → …
      PUMP:STAT? → DEPLETED
    `;
  });
});

describe('7.3 Alarms, log, telemetry', () => {
  it('ALARm:LIST? and ALARm:ACKnowledge (106 for an alarm that is not active; ALL with none is OK)', () => {
    converse(startInProcessHai())`
      ALAR:LIST? → NONE
      ALAR:ACK ALL → OK
      ALAR:ACK 201 → ERR 106,"No such alarm"
      PUMP:FILL HEPS,30 → …
      SIM:ENV:TEMP 39.5 → …
      SIM:FAULT OCCL → …
      ALARM:LIST? → 203:HIGH:0;209:MEDIUM:0
      ALARM:ACKNOWLEDGE 209 → OK
      ALARM:ACKNOWLEDGE 209 → OK
      ALAR:LIST? → 203:HIGH:0;209:MEDIUM:1
    `;
  });

  it('LOG:COUNt? and LOG:READ? with the event codes of 7.3', () => {
    const d = startInProcessHai();
    converse(d)`
      PUMP:FILL HEPS,20 → …
      SIM:FAULT OCCL → …
      ALAR:ACK 203 → …
      SIM:FAULT:CLE → …
      *RST → …
    `;
    const count = Number(d.request('LOG:COUN?'));
    const records = Array.from({ length: count }, (_, i) => d.request(`LOG:READ? ${i}`));
    expect(records).toEqual([
      '1,0,1,0.0000', // boot, power-on
      '2,0,2,20.0000', // fill, mL
      '3,0,8,1.0000', // state change to FILLING (index 1)
      '4,0,5,203.0000', // alarm raised
      '5,0,8,9.0000', // state change to FAULT (index 9)
      '6,0,9,1.0000', // fault injected: OCCLUSION (1)
      '7,0,6,203.0000', // alarm acknowledged
      '8,0,10,1.0000', // fault cleared: OCCLUSION
      '9,0,7,203.0000', // alarm cleared
      '10,0,8,1.0000', // back to FILLING
      '11,0,11,0.0000', // *RST
    ]);
    expect(d.send(`LOG:READ? ${count}`)).toEqual([`ERR -222,"Data out of range;index ${count} >= count ${count}"`]);
  });

  it('LOG:READ? records a bolus (4, mL) and a drain (3, returned mL) with their values', () => {
    const d = startInProcessHai();
    converse(d)`
      PUMP:FILL HEPS,20 → …
      SIM:TIME:ADV 600 → …
      PUMP:BOL 1.5 → …
      // 20 mL less 10 min at 1 mL/day, less the 1 mL residual.
      PUMP:DRA → 18.9931
    `;
    const records = Array.from({ length: Number(d.request('LOG:COUN?')) }, (_, i) => (d.request(`LOG:READ? ${i}`) ?? '').split(','));
    expect(records.filter((r) => r[2] === '4' || r[2] === '3').map((r) => r.slice(1).join(','))).toEqual([
      '600000,4,1.5000',
      '600000,3,18.9931',
    ]);
  });

  it('TELemetry:PERiod and its query', () => {
    converse(startInProcessHai())`
      TEL:PER 60 → OK
      TEL:PER? → 60
      TEL:PER 86401 → ERR -222,"Data out of range;periodS"
    `;
  });
});

describe('7.4 Simulation only', () => {
  it('SIM:TIME?, SIM:TIME:ADVance, SIM:SPEED and its query', () => {
    converse(startInProcessHai())`
      SIM:TIME? → 0
      SIM:TIME:ADV 2.5 → OK
      SIM:TIME? → 2500
      SIM:SPEED? → 1
      SIM:SPEED 0 → OK
      SIM:SPEED? → 0
      SIM:SPEED 2.5 → OK
      SIM:SPEED? → 2.5
      SIM:TIME:ADV 31622401 → ERR -222,"Data out of range;seconds"
    `;
  });

  it('SIM:ENV setters and queries (2 dp °C and mmHg, 1 dp m); altitude sets ambient by the standard atmosphere', () => {
    converse(startInProcessHai())`
      SIM:ENV:TEMP? → 37.00
      SIM:ENV:TEMP 38.5 → OK
      SIM:ENV:TEMP? → 38.50
      sim:env:altitude 1609 → OK
      SIM:ENV:ALT? → 1609.0
      // 760 · (1 − 2.25577e-5 · 1609)^5.25588 = 625.78 mmHg.
      SIM:ENV:AMB? → 625.78
      SIM:ENV:AMB 700 → OK
      SIM:ENV:AMB? → 700.00
      SIM:ENV:ART 90 → OK
      SIM:ENV:ART? → 90.00
      SIM:ENV:TEMP 50 → ERR -222,"Data out of range;temperatureC"
    `;
  });

  it('SIM:FAULT, SIM:FAULT? in table order, SIM:FAULT:CLEar; SENSor takes no parameter', () => {
    converse(startInProcessHai())`
      SIM:FAULT? → NONE
      SIM:FAULT OCCL,0.75 → ${withCrc('!ALARM 203,HIGH,"Occlusion"')}
                          → OK
      SIM:FAULT LEAK → OK
      SIM:FAULT? → OCCLUSION:0.75;LEAK:0.5
      SIM:FAULT SENS,1 → ERR -108,"Parameter not allowed"
      SIM:FAULT:CLE LEAK → OK
      SIM:FAULT? → OCCLUSION:0.75
      SIM:FAULT:CLE → OK
      SIM:FAULT? → NONE
      SIM:FAULT WIND → ERR -224,"Illegal parameter value;fault"
    `;
  });

  it('a real device answers every SIM: header with -113', () => {
    const d = startInProcessHai({ simulation: false });
    for (const line of ['SIM:TIME?', 'SIM:TIME:ADV 1', 'SIM:SPEED 0', 'SIM:ENV:TEMP 38', 'SIM:FAULT OCCL', 'SIM:FAULT?', 'SIM:FAULT:CLE']) {
      expect(d.send(line), line).toEqual(['ERR -113,"Undefined header"']);
    }
  });
});
