/**
 * The HAI emulator against PROTOCOL.md, section by section, with every expected line written by
 * hand from the spec (CRCs from the bit-by-bit oracle below, never from the codec). Each test is
 * named by the section it pins; protocols/hai/CONFORMANCE.md points at them.
 */
import { describe, expect, it } from 'vitest';
import { MemoryNvm } from '../../../../firmware-sim/hal/nvm-memory.ts';
import { startInProcessHai } from '../../../../firmware-sim/personalities/hai/in-process.ts';

/** PROTOCOL.md 3.1, bit by bit. */
function crcOf(text: string): string {
  let crc = 0;
  for (const byte of Buffer.from(text, 'latin1')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}
const withCrc = (text: string): string => `${text}*${crcOf(text)}`;

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
    const d = startInProcessHai();
    expect(d.send('*CLS')).toEqual(['OK']);
    expect(d.send('FOO?')).toEqual(['ERR -113,"Undefined header"']);
    expect(d.send('PUMP:CAP?')).toEqual(['30.0000']);
    expect(d.send('PUMP:VOL?;*IDN?')).toEqual(['ERR -102,"Syntax error;one command per line"']);
  });

  it('2.4 a second line sent before the reply is buffered and answered in order', () => {
    const d = startInProcessHai();
    expect(d.sendBytes(Buffer.from('*IDN?\nPUMP:STAT?\n'))).toEqual(['HAIPUMP,HAI-30,SN000001,1.0.0', 'EMPTY']);
  });
});

describe('3 CRC suffix', () => {
  it('3.3 a request with a CRC gets a reply with one, errors included; 3.4 a wrong CRC is -361 and not executed', () => {
    const d = startInProcessHai();
    expect(d.send('*IDN?*FBE3')).toEqual([withCrc('HAIPUMP,HAI-30,SN000001,1.0.0')]);
    expect(d.send(withCrc('PUMP:FILL FUDR,30'))).toEqual(['OK*E45D']);
    expect(d.send(withCrc('FOO?'))).toEqual([withCrc('ERR -113,"Undefined header"')]);
    expect(d.send('PUMP:DRA*0000')).toEqual(['ERR -361,"CRC mismatch"*F1CC']);
    expect(d.request('PUMP:STAT?')).toBe('FILLING');
    // Receivers accept lower-case hex digits.
    expect(d.send('*IDN?*fbe3')).toEqual([withCrc('HAIPUMP,HAI-30,SN000001,1.0.0')]);
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
    expect(d.request('SYST:ERR?')).toBe('-350,"Queue overflow"');
    expect(d.request('SYST:ERR?')).toBe('0,"No error"');
    d.send('FOO?');
    expect(d.send('*CLS')).toEqual(['OK']);
    expect(d.request('SYST:ERR?')).toBe('0,"No error"');
  });

  it('4 the error queue is empty after a power cycle', () => {
    const nvm = new MemoryNvm();
    const first = startInProcessHai({ nvm });
    first.send('FOO?');
    first.device.stop();
    expect(startInProcessHai({ nvm }).request('SYST:ERR?')).toBe('0,"No error"');
  });
});

describe('5 Headers, keywords, arguments', () => {
  it('short or long form in any case, an optional root colon; numbers, integers and keywords as 5 says', () => {
    const d = startInProcessHai();
    for (const line of ['PUMP:VOL?', 'pump:volume?', 'Pump:Vol?', ':PUMP:VOLUME?']) expect(d.send(line), line).toEqual(['0.0000']);
    expect(d.send('PUMP:FILL hepsaline , +2.5e1')).toEqual(['OK']);
    expect(d.request('PUMP:VOL?')).toBe('25.0000');
    expect(d.send('LOG:READ? 0.0e0')).toEqual(['1,0,1,0.0000']);
  });
});

describe('6 Unsolicited lines', () => {
  it('!ALARM, !TEL, !BOOT and !DONE in device-time order before the OK of an advance', () => {
    const d = startInProcessHai();
    d.send('TEL:PER 300');
    d.send('PUMP:FILL HEPS,30');
    // 10 min: telemetry at 300 s and 600 s; the fill ends at 600 s, the DONE line before that boundary's TEL.
    expect(d.send('SIM:TIME:ADV 600')).toEqual([
      withCrc('!TEL atMs=300000,volMl=29.9965,deliveredMl=0.0035,flowMlPerDay=1.0000,state=FILLING'),
      withCrc('!DONE proc=FILL,atMs=600000,volMl=30.0000'),
      withCrc('!TEL atMs=600000,volMl=29.9931,deliveredMl=0.0069,flowMlPerDay=1.0000,state=INFUSING'),
      'OK',
    ]);
    expect(d.send('SIM:ENV:TEMP 39.5')).toEqual([withCrc('!ALARM 209,MEDIUM,"Temperature out of range"'), 'OK']);
    expect(d.send('SIM:FAULT BROWN')).toEqual([
      'OK',
      withCrc('!BOOT fw=1.0.0,reset=BROWNOUT,nvm=OK,atMs=600000'),
      withCrc('!ALARM 207,LOW,"Reset occurred"'),
    ]);
  });
});

describe('7.1 SCPI common and system', () => {
  it('*IDN?, SYST:VERS?, SYST:TIME?', () => {
    const d = startInProcessHai();
    expect(d.send('*IDN?')).toEqual(['HAIPUMP,HAI-30,SN000001,1.0.0']);
    expect(d.send('SYST:VERS?')).toEqual(['1999.0']);
    expect(d.send('SYST:TIME?')).toEqual(['0']);
    d.send('SIM:TIME:ADV 1.5');
    expect(d.send('SYST:TIME?')).toEqual(['1500']);
  });

  it('*RST turns telemetry off and keeps the error queue; *CLS empties it', () => {
    const d = startInProcessHai();
    d.send('TEL:PER 60');
    d.send('FOO?');
    expect(d.send('*RST')).toEqual(['OK']);
    expect(d.send('TEL:PER?')).toEqual(['0']);
    expect(d.request('SYST:ERR?')).toBe('-113,"Undefined header"');
  });

  it('*TST? 0 pass; bit 2 volume sensor; bit 1 NVM (with bit 2: 3)', () => {
    const d = startInProcessHai();
    expect(d.send('*TST?')).toEqual(['0']);
    d.send('SIM:FAULT SENS');
    expect(d.send('*TST?')).toEqual(['2']);
    const wiped = new MemoryNvm();
    wiped.wipe();
    const w = startInProcessHai({ nvm: wiped });
    w.send('SIM:FAULT SENS');
    expect(w.send('*TST?')).toEqual(['3']);
  });
});

describe('7.2 Pump', () => {
  it('queries on an empty pump', () => {
    const d = startInProcessHai();
    expect(d.send('PUMP:STAT?')).toEqual(['EMPTY']);
    expect(d.send('PUMP:VOL?')).toEqual(['0.0000']);
    expect(d.send('PUMP:DEL?')).toEqual(['0.0000']);
    expect(d.send('PUMP:FLOW?')).toEqual(['0.0000']);
    expect(d.send('PUMP:NOM?')).toEqual(['1.0000']);
    expect(d.send('PUMP:CAP?')).toEqual(['30.0000']);
    expect(d.send('PUMP:INF?')).toEqual(['NONE']);
  });

  it('the infusate keywords, answered in upper-case long form', () => {
    for (const [keyword, answer, flow] of [
      ['SAL', 'SALINE', '1.0000'],
      ['HEPSALINE', 'HEPARINIZED-SALINE', '1.0000'],
      ['glyc', 'GLYCERIN', '0.4545'],
      ['FUDR', 'FUDR', '0.9722'],
    ]) {
      const d = startInProcessHai();
      expect(d.send(`PUMP:FILL ${keyword},10`)).toEqual(['OK']);
      expect(d.send('PUMP:INF?')).toEqual([answer]);
      // At calibration: 1 mL/day × 0.70 mPa·s / the infusate's viscosity (1.54 glycerin, 0.72 FUDR).
      expect(d.send('PUMP:FLOW?')).toEqual([flow]);
    }
  });

  it('PUMP:FILL and PUMP:DRAin with their errors (101, 102, 103, 108), the spec examples', () => {
    const d = startInProcessHai();
    expect(d.send('pump:fill glycerin,40')).toEqual(['ERR 101,"Reservoir over capacity"']);
    // 2.25 mL is below the 3 mL low-reservoir threshold from the start.
    expect(d.send('PUMP:FILL HEPS,2.25')).toEqual([withCrc('!ALARM 201,MEDIUM,"Low reservoir"'), 'OK']);
    expect(d.send('PUMP:FILL HEPS,1')).toEqual(['ERR 108,"Procedure in progress;FILL"']);
    d.send('SIM:TIME:ADV 600');
    expect(d.send('PUMP:FILL HEPS,1')).toEqual(['ERR 102,"Reservoir not drained"']);
    // 2.25 mL less 10 min at 1 mL/day (0.0069 mL), less the 1 mL residual.
    expect(d.send('PUMP:DRA')).toEqual(['1.2431']);
    expect(d.send('PUMP:STAT?')).toEqual(['DRAINING']);
    d.send('SIM:TIME:ADV 300');
    expect(d.send('PUMP:STAT?')).toEqual(['DRAINED']);
    expect(d.send('PUMP:INF?')).toEqual(['NONE']);
    d.send('SIM:FAULT OCCL');
    expect(d.send('PUMP:FILL HEPS,1')).toEqual(['ERR 103,"Alarm not acknowledged"']);
    expect(d.send('PUMP:DRA')).toEqual(['ERR 103,"Alarm not acknowledged"']);
  });

  it('PUMP:BOLus with its errors (104, 105, 108, -222)', () => {
    const d = startInProcessHai();
    expect(d.send('PUMP:BOL 1')).toEqual(['ERR 105,"Invalid in current state"']);
    d.send('PUMP:FILL HEPS,30');
    d.send('SIM:TIME:ADV 600');
    expect(d.send('PUMP:BOL 0')).toEqual(['ERR -222,"Data out of range;volumeMl"']);
    expect(d.send('PUMP:BOL 10.0001')).toEqual(['ERR -222,"Data out of range;volumeMl"']);
    expect(d.send('PUMP:BOL 10')).toEqual(['OK']);
    expect(d.send('PUMP:BOL 1')).toEqual(['ERR 108,"Procedure in progress;BOLUS"']);
    d.send('SIM:TIME:ADV 600');
    d.send('SIM:ENV:TEMP 39.5');
    expect(d.send('PUMP:BOL 1')).toEqual(['ERR 104,"Bolus refused"']);
  });

  it('FAULT while a HIGH alarm other than 202 is active; LOW, TAPERING, DEPLETED as the reservoir empties', () => {
    const d = startInProcessHai();
    d.send('PUMP:FILL HEPS,30');
    d.send('SIM:FAULT OCCL');
    expect(d.send('PUMP:STAT?')).toEqual(['FAULT']);
    d.send('SIM:FAULT:CLE');
    // 1 mL/day from 30 mL: below 3 mL (low) after 27 days, below 1.5 mL (taper) after 28.5 days.
    d.send('SIM:TIME:ADV 2333000');
    expect(d.send('PUMP:STAT?')).toEqual(['LOW']);
    d.send('SIM:TIME:ADV 130000');
    expect(d.send('PUMP:STAT?')).toEqual(['TAPERING']);
    d.send('SIM:TIME:ADV 864000');
    expect(d.send('PUMP:STAT?')).toEqual(['DEPLETED']);
  });
});

describe('7.3 Alarms, log, telemetry', () => {
  it('ALARm:LIST? and ALARm:ACKnowledge (106 for an alarm that is not active; ALL with none is OK)', () => {
    const d = startInProcessHai();
    expect(d.send('ALAR:LIST?')).toEqual(['NONE']);
    expect(d.send('ALAR:ACK ALL')).toEqual(['OK']);
    expect(d.send('ALAR:ACK 201')).toEqual(['ERR 106,"No such alarm"']);
    d.send('PUMP:FILL HEPS,30');
    d.send('SIM:ENV:TEMP 39.5');
    d.send('SIM:FAULT OCCL');
    expect(d.send('ALARM:LIST?')).toEqual(['203:HIGH:0;209:MEDIUM:0']);
    expect(d.send('ALARM:ACKNOWLEDGE 209')).toEqual(['OK']);
    expect(d.send('ALARM:ACKNOWLEDGE 209')).toEqual(['OK']);
    expect(d.send('ALAR:LIST?')).toEqual(['203:HIGH:0;209:MEDIUM:1']);
  });

  it('LOG:COUNt? and LOG:READ? with the event codes of 7.3', () => {
    const d = startInProcessHai();
    d.send('PUMP:FILL HEPS,20');
    d.send('SIM:FAULT OCCL');
    d.send('ALAR:ACK 203');
    d.send('SIM:FAULT:CLE');
    d.send('*RST');
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
    d.send('PUMP:FILL HEPS,20');
    d.send('SIM:TIME:ADV 600');
    d.send('PUMP:BOL 1.5');
    // 20 mL less 10 min at 1 mL/day, less the 1 mL residual.
    expect(d.send('PUMP:DRA')).toEqual(['18.9931']);
    const records = Array.from({ length: Number(d.request('LOG:COUN?')) }, (_, i) => (d.request(`LOG:READ? ${i}`) ?? '').split(','));
    expect(records.filter((r) => r[2] === '4' || r[2] === '3').map((r) => r.slice(1).join(','))).toEqual([
      '600000,4,1.5000',
      '600000,3,18.9931',
    ]);
  });

  it('TELemetry:PERiod and its query', () => {
    const d = startInProcessHai();
    expect(d.send('TEL:PER 60')).toEqual(['OK']);
    expect(d.send('TEL:PER?')).toEqual(['60']);
    expect(d.send('TEL:PER 86401')).toEqual(['ERR -222,"Data out of range;periodS"']);
  });
});

describe('7.4 Simulation only', () => {
  it('SIM:TIME?, SIM:TIME:ADVance, SIM:SPEED and its query', () => {
    const d = startInProcessHai();
    expect(d.send('SIM:TIME?')).toEqual(['0']);
    expect(d.send('SIM:TIME:ADV 2.5')).toEqual(['OK']);
    expect(d.send('SIM:TIME?')).toEqual(['2500']);
    expect(d.send('SIM:SPEED?')).toEqual(['1']);
    expect(d.send('SIM:SPEED 0')).toEqual(['OK']);
    expect(d.send('SIM:SPEED?')).toEqual(['0']);
    expect(d.send('SIM:SPEED 2.5')).toEqual(['OK']);
    expect(d.send('SIM:SPEED?')).toEqual(['2.5']);
    expect(d.send('SIM:TIME:ADV 31622401')).toEqual(['ERR -222,"Data out of range;seconds"']);
  });

  it('SIM:ENV setters and queries (2 dp °C and mmHg, 1 dp m); altitude sets ambient by the standard atmosphere', () => {
    const d = startInProcessHai();
    expect(d.send('SIM:ENV:TEMP?')).toEqual(['37.00']);
    expect(d.send('SIM:ENV:TEMP 38.5')).toEqual(['OK']);
    expect(d.send('SIM:ENV:TEMP?')).toEqual(['38.50']);
    expect(d.send('sim:env:altitude 1609')).toEqual(['OK']);
    expect(d.send('SIM:ENV:ALT?')).toEqual(['1609.0']);
    // 760 · (1 − 2.25577e-5 · 1609)^5.25588 = 625.78 mmHg.
    expect(d.send('SIM:ENV:AMB?')).toEqual(['625.78']);
    expect(d.send('SIM:ENV:AMB 700')).toEqual(['OK']);
    expect(d.send('SIM:ENV:AMB?')).toEqual(['700.00']);
    expect(d.send('SIM:ENV:ART 90')).toEqual(['OK']);
    expect(d.send('SIM:ENV:ART?')).toEqual(['90.00']);
    expect(d.send('SIM:ENV:TEMP 50')).toEqual(['ERR -222,"Data out of range;temperatureC"']);
  });

  it('SIM:FAULT, SIM:FAULT? in table order, SIM:FAULT:CLEar; SENSor takes no parameter', () => {
    const d = startInProcessHai();
    expect(d.send('SIM:FAULT?')).toEqual(['NONE']);
    expect(d.send('SIM:FAULT OCCL,0.75')).toEqual([withCrc('!ALARM 203,HIGH,"Occlusion"'), 'OK']);
    expect(d.send('SIM:FAULT LEAK')).toEqual(['OK']);
    expect(d.send('SIM:FAULT?')).toEqual(['OCCLUSION:0.75;LEAK:0.5']);
    expect(d.send('SIM:FAULT SENS,1')).toEqual(['ERR -108,"Parameter not allowed"']);
    expect(d.send('SIM:FAULT:CLE LEAK')).toEqual(['OK']);
    expect(d.send('SIM:FAULT?')).toEqual(['OCCLUSION:0.75']);
    expect(d.send('SIM:FAULT:CLE')).toEqual(['OK']);
    expect(d.send('SIM:FAULT?')).toEqual(['NONE']);
    expect(d.send('SIM:FAULT WIND')).toEqual(['ERR -224,"Illegal parameter value;fault"']);
  });

  it('a real device answers every SIM: header with -113', () => {
    const d = startInProcessHai({ simulation: false });
    for (const line of ['SIM:TIME?', 'SIM:TIME:ADV 1', 'SIM:SPEED 0', 'SIM:ENV:TEMP 38', 'SIM:FAULT OCCL', 'SIM:FAULT?', 'SIM:FAULT:CLE']) {
      expect(d.send(line), line).toEqual(['ERR -113,"Undefined header"']);
    }
  });
});
