// The NE-1000 emulator in-process, in virtual time: byte-exact replies, the power-up alarm,
// both framings, the SAF and 0.5 s packet timeouts, STP, target volume, limits and NVM.
import { describe, expect, it } from 'vitest';
import { encodeBasicCommand, encodeSafePacket, hexBytes } from '../../../../protocols/newera/index.ts';
import { MemoryNvm } from '../../../../firmware-sim/hal/nvm-memory.ts';
import { startInProcessNe1000 } from '../../../../firmware-sim/personalities/ne1000/in-process.ts';
import { findPumpModel } from '../../../../src/devices/syringes.ts';
import { VirtualClock } from '../../../../src/model/clock.ts';
import { play } from './support.ts';

const limits = findPumpModel('ne1000');

/** A pump past its power-up alarm. */
function ready(options: Parameters<typeof startInProcessNe1000>[0] = { limits }) {
  const pump = startInProcessNe1000(options);
  pump.sendBasic('0');
  return pump;
}

function raw(pump: ReturnType<typeof startInProcessNe1000>, bytes: Uint8Array): string {
  const before = pump.bytes.length;
  pump.sendBytes(bytes);
  return hexBytes(pump.bytes.slice(before));
}

describe('NE-1000 emulator: power-up and framing', () => {
  it('answers the first command 00A?R and does not execute it', () => {
    const pump = startInProcessNe1000({ limits });
    expect(pump.sendBasic('0RAT2.000MM')).toEqual([{ framing: 'basic', text: '00A?R' }]);
    expect(pump.sendBasic('0RAT')).toEqual([{ framing: 'basic', text: '00S1.000MM' }]);
    expect(pump.sendBasic('0 rat 2 mm')).toEqual([{ framing: 'basic', text: '00S' }]);
    expect(pump.sendBasic('RAT')).toEqual([{ framing: 'basic', text: '00S2.000MM' }]);
  });

  it('replies byte for byte as the manual shows', () => {
    const pump = ready();
    expect(raw(pump, encodeBasicCommand('0DIA'))).toBe('02 30 30 53 32 36 2E 35 39 03'); // 00S26.59
    // Safe-framed SAF0 is answered in basic framing: the mode after the command is basic.
    expect(raw(pump, Uint8Array.from([0x02, 0x08, 0x53, 0x41, 0x46, 0x30, 0x55, 0x43, 0x03]))).toBe('02 30 30 53 03');
    pump.sendBasic('0SAF10');
    // `0RUN` as the reference's worked packet; in safe mode the reply is safe-framed.
    const run = raw(pump, Uint8Array.from([0x02, 0x08, 0x30, 0x52, 0x55, 0x4e, 0x44, 0x07, 0x03]));
    expect(run).toBe('02 07 30 30 49 19 DD 03'); // 00I, CRC worked with binascii.crc_hqx
    pump.sendSafe('0STP');
    expect(raw(pump, encodeSafePacket('0STP'))).toBe('02 07 30 30 53 AA A6 03'); // 00S, the worked reply
  });

  it('answers a damaged packet ?COM and executes nothing', () => {
    const pump = ready();
    const packet = encodeSafePacket('0RAT5MM');
    packet[4] = (packet[4] ?? 0) ^ 0x01;
    expect(pump.sendBytes(packet)).toEqual([{ framing: 'basic', text: '00S?COM' }]);
    expect(pump.sendBasic('0RAT')).toEqual([{ framing: 'basic', text: '00S1.000MM' }]);
  });

  it('drops a packet whose bytes are more than 0.5 s apart (link time)', () => {
    const pump = ready();
    const packet = encodeSafePacket('0VER');
    expect(pump.sendBytes(packet.slice(0, 4))).toEqual([]);
    pump.advance(400);
    expect(pump.sendBytes(packet.slice(4))).toEqual([{ framing: 'basic', text: '00SNE1000V3.928' }]);
    expect(pump.sendBytes(packet.slice(0, 4))).toEqual([]);
    pump.advance(600);
    expect(pump.sendBytes(packet.slice(4))).toEqual([]);
    // The next packet gets through: an STX starts afresh.
    expect(pump.sendSafe('0VER')).toEqual([{ framing: 'basic', text: '00SNE1000V3.928' }]);
  });

  it('ignores other addresses and answers its own', () => {
    const pump = ready({ limits, address: 12 });
    expect(pump.sendBasic('0VER')).toEqual([]);
    expect(pump.sendBasic('12')).toEqual([{ framing: 'basic', text: '12A?R' }]);
    expect(pump.sendBasic('12DIR')).toEqual([{ framing: 'basic', text: '12SINF' }]);
  });

  it('errors: ? unknown, ?OOR beyond the syringe, ?NA while running', () => {
    const pump = ready();
    play(pump, [['0XYZ', '00S?'], ['0RAT9999MM', '00S?OOR'], '0RUN', ['0RAT5UH', '00I?NA'], ['0DIA10', '00I?NA']]);
  });
});

describe('NE-1000 emulator: running', () => {
  it('delivers rate × device time in integer nL, shown by DIS', () => {
    const pump = ready();
    play(pump, ['0RAT1.5MM', '0RUN', 60_000, ['0DIS', '00II1.500W0.000ML']]);
    expect(Number.isInteger(pump.device.state().infusedNl)).toBe(true);
    play(pump, ['0STP', '0STP', '0CLD INF', ['0DIS', '00SI0.000W0.000ML']]);
  });

  it('STP pauses, RUN resumes the same program, a second STP stops', () => {
    play(ready(), [
      '0RAT1MM',
      '0VOL0.5',
      '0RUN',
      12_000, // 0.2 mL
      ['0STP', '00P'],
      60_000,
      ['0RUN', '00I'],
      60_000,
      // The target (0.5 mL) counts across the pause: it stopped at 0.5, not 0.7.
      ['0DIS', '00SI0.500W0.000ML'],
      '0RUN',
      ['0STP', '00P'],
      ['0STP', '00S'],
    ]);
  });

  it('a stall stops the pump with alarm S, answered to the next command', () => {
    const pump = ready();
    pump.sendBasic('0RUN');
    pump.device.injectStall();
    play(pump, [100, ['0DIS', '00A?S'], ['0', '00S']]);
  });
});

describe('NE-1000 emulator: safe mode', () => {
  it('stops with alarm T when no packet comes within SAF s, and sends it unasked', () => {
    const pump = ready();
    pump.sendBasic('0RUN');
    expect(pump.sendBasic('0SAF2')).toEqual([{ framing: 'safe', text: '00I' }]);
    expect(pump.advance(1500)).toEqual([]);
    expect(pump.sendSafe('0')).toEqual([{ framing: 'safe', text: '00I' }]); // resets the timer
    expect(pump.advance(1900)).toEqual([]);
    expect(pump.advance(300)).toEqual([{ framing: 'safe', text: '00A?T' }]);
    expect(pump.sendSafe('0')).toEqual([{ framing: 'safe', text: '00A?T' }]);
    expect(pump.sendSafe('0')).toEqual([{ framing: 'safe', text: '00S' }]);
  });
});

describe('NE-1000 emulator: NVM and system commands', () => {
  it('keeps what was set over RS-232 across a power cycle, except a rate changed while running', () => {
    const nvm = new MemoryNvm();
    const clock = new VirtualClock(0);
    const first = ready({ limits, nvm, clock });
    play(first, [
      '0DIA14.43',
      '0RAT20.00UM',
      '0VOL UL', // 14.43 mm > 14.00 mm chose ML; units are set separately
      '0VOL250.0',
      '0RUN',
      '0RAT30.00UM',
      60_000,
      '0SAF0',
    ]);
    first.device.powerCut();
    const again = startInProcessNe1000({ limits, nvm, clock });
    play(again, [
      ['0DIA', '00A?R'],
      ['0DIA', '00S14.43'],
      ['0RAT', '00S20.00UM'],
      ['0VOL', '00S250.0UL'],
    ]);
  });

  it('*ADR changes address and baud: reply and all after at the new ones', () => {
    const pump = ready();
    const bauds: number[] = [];
    expect(pump.sendBasic('*ADR 5 B 9600')).toEqual([{ framing: 'basic', text: '05S' }]);
    bauds.push(pump.device.state().baud);
    expect(bauds).toEqual([9600]);
    expect(pump.sendBasic('0')).toEqual([]);
    expect(pump.sendBasic('5VER')[0]?.text).toBe('05SNE1000V3.928');
  });
});

/** Every byte the pump sends while `act` runs, as hex. */
function bytesOf(pump: ReturnType<typeof startInProcessNe1000>, act: () => void): string {
  const before = pump.bytes.length;
  act();
  return hexBytes(pump.bytes.slice(before));
}

// Byte sequences below are written by hand from the manual's grammar (p.33-35); the CRCs of
// safe packets were worked out with Python's binascii.crc_hqx (CRC-16/XMODEM), which gives the
// manual's own example CRC("SAF0") = 55 43 (p.33).
describe('NE-1000 emulator: numbers carry a decimal point [M p.33 <float>]', () => {
  it('0RAT1000UM then 0RAT answers STX 00S1000.UM ETX', () => {
    const pump = ready();
    expect(bytesOf(pump, () => pump.sendBytes(Buffer.from('0RAT1000UM\r', 'latin1')))).toBe('02 30 30 53 03');
    expect(bytesOf(pump, () => pump.sendBytes(Buffer.from('0RAT\r', 'latin1')))).toBe(
      hexBytes(Buffer.from('\x0200S1000.UM\x03', 'latin1')),
    );
  });
  it('DIS in µL past 1000 keeps the point', () => {
    const pump = ready({ limits, diameterMm: 4.699 });
    play(pump, [
      '0RAT1000UM',
      '0RUN',
      90_000, // 1.5 min at 1000 µL/min = 1500 µL
      '0STP',
      ['0DIS', '00PI1500.W0.000UL'],
    ]);
  });
});

describe('NE-1000 emulator: power-up alarm and safe mode framing [M p.34, p.36]', () => {
  it('a safe-framed SAF10 right after power-up gets 00A?R safe-framed; sent again it is executed', () => {
    const pump = startInProcessNe1000({ limits });
    const saf10 = Uint8Array.from([0x02, 0x09, 0x53, 0x41, 0x46, 0x31, 0x30, 0x4c, 0x32, 0x03]);
    expect(bytesOf(pump, () => pump.sendBytes(saf10))).toBe('02 09 30 30 41 3F 52 65 86 03');
    expect(pump.device.state().safeTimeoutS).toBe(0); // answered, not executed
    expect(bytesOf(pump, () => pump.sendBytes(saf10))).toBe('02 07 30 30 53 AA A6 03');
    expect(pump.device.state().safeTimeoutS).toBe(10);
  });

  it("the manual's return-to-basic packet SAF0 right after power-up gets 00A?R in basic framing", () => {
    const pump = startInProcessNe1000({ limits });
    const saf0 = Uint8Array.from([0x02, 0x08, 0x53, 0x41, 0x46, 0x30, 0x55, 0x43, 0x03]);
    expect(bytesOf(pump, () => pump.sendBytes(saf0))).toBe('02 30 30 41 3F 52 03');
    expect(bytesOf(pump, () => pump.sendBytes(saf0))).toBe('02 30 30 53 03');
  });

  it('in safe mode the pump sends its reset alarm by itself at power-up; that does not clear it', () => {
    const nvm = new MemoryNvm();
    const clock = new VirtualClock(0);
    const first = ready({ limits, nvm, clock });
    first.sendBasic('0SAF5');
    first.device.powerCut();
    const again = startInProcessNe1000({ limits, nvm, clock });
    expect(again.frames).toEqual([{ framing: 'safe', text: '00A?R' }]);
    // The SAF timer waits for the first valid packet: no alarm T however long nothing comes.
    expect(again.advance(60_000)).toEqual([]);
    const ver = Uint8Array.from([0x02, 0x08, 0x30, 0x56, 0x45, 0x52, 0x48, 0x09, 0x03]);
    expect(bytesOf(again, () => again.sendBytes(ver))).toBe('02 09 30 30 41 3F 52 65 86 03');
    // Now the timer runs: 5 s without a packet stops the pump with alarm T, sent unasked.
    expect(again.advance(4_900)).toEqual([]);
    expect(again.advance(200)).toEqual([{ framing: 'safe', text: '00A?T' }]);
  });

  it('a stall in safe mode is sent unasked and still answers the next command', () => {
    const pump = ready();
    pump.sendBasic('0SAF20');
    pump.sendSafe('0RUN');
    const before = pump.frames.length;
    pump.device.injectStall();
    expect(pump.frames.slice(before)).toEqual([{ framing: 'safe', text: '00A?S' }]);
    expect(pump.sendSafe('0DIS')).toEqual([{ framing: 'safe', text: '00A?S' }]);
    expect(pump.sendSafe('0')).toEqual([{ framing: 'safe', text: '00S' }]);
  });

  it('a baud change stops the SAF timer until the next valid packet [M NE-1600 p.34]', () => {
    const pump = ready();
    pump.sendBasic('0SAF2');
    pump.sendSafe('*ADR0B9600');
    expect(pump.advance(10_000)).toEqual([]);
    pump.sendSafe('0');
    expect(pump.advance(2_100)).toEqual([{ framing: 'safe', text: '00A?T' }]);
  });
});

describe('NE-1000 emulator: device time (SIM:TIME, --speed)', () => {
  it('SIM:TIME? reads world ms; SIM:TIME:ADV moves delivery and the target exactly at speed max', () => {
    const pump = ready({ limits, speed: 0, sleepWhenIdle: true });
    play(pump, [
      '0RAT1MM',
      '0VOL0.5',
      '0RUN',
      3_600_000, // an hour of host time: the world is frozen
      ['0DIS', '00II0.000W0.000ML'],
      ['SIM:TIME?', '00I0'],
      ['SIM:TIME:ADV6000', '00I'],
      ['0DIS', '00II0.100W0.000ML'], // 6 s at 1 mL/min
      ['SIM:TIME:ADV60000', '00S'], // target reached at 30 s
      ['0DIS', '00SI0.500W0.000ML'],
      ['SIM:TIME?', '00S66000'],
    ]);
  });

  it('the 0.5 s packet limit is device time: at speed 2, 300 host ms between bytes is too long', () => {
    const pump = ready({ limits, speed: 2, sleepWhenIdle: true });
    const packet = Uint8Array.from([0x02, 0x08, 0x30, 0x56, 0x45, 0x52, 0x48, 0x09, 0x03]); // 0VER
    expect(pump.sendBytes(packet.slice(0, 4))).toEqual([]);
    pump.advance(200); // 400 device ms
    expect(pump.sendBytes(packet.slice(4))).toEqual([{ framing: 'basic', text: '00SNE1000V3.928' }]);
    expect(pump.sendBytes(packet.slice(0, 4))).toEqual([]);
    pump.advance(300); // 600 device ms
    expect(pump.sendBytes(packet.slice(4))).toEqual([]);
  });

  it('the SAF timeout is device time: SAF2 expires after 2 s of SIM:TIME:ADV at speed max', () => {
    const pump = ready({ limits, speed: 0, sleepWhenIdle: true });
    pump.sendBasic('0SAF2');
    expect(pump.advance(60_000)).toEqual([]);
    expect(pump.sendSafe('SIM:TIME:ADV1999')).toEqual([{ framing: 'safe', text: '00S' }]);
    expect(pump.sendSafe('SIM:TIME:ADV1')).toEqual([
      { framing: 'safe', text: '00A?T' },
      { framing: 'safe', text: '00S' },
    ]);
  });

  it('a real pump (no simulation) answers SIM: commands ?', () => {
    const pump = ready({ limits, simulation: false });
    play(pump, [
      ['SIM:TIME?', '00S?'],
      ['SIM:STALL', '00S?'],
    ]);
  });
});

describe('NE-1000 emulator: which setters answer ?NA [M]', () => {
  it('while the program runs: DIA, VOL, PHN, FUN, STK refused; RAT without a unit change allowed and not stored', () => {
    const pump = ready();
    play(pump, [
      '0RAT2MM',
      '0VOL5',
      '0RUN',
      ['0DIA20', '00I?NA'],
      ['0VOL1', '00I?NA'],
      ['0PHN2', '00I?NA'],
      ['0FUNSTP', '00I?NA'],
      ['0DIRSTK', '00I?NA'],
      ['0DIRWDR', '00I?NA'], // VOL is not 0
      ['0RAT3UM', '00I?NA'], // units may not change
      ['0RAT3MM', '00I'],
      ['0RAT', '00I3.000MM'],
      '0STP',
      ['0DIA20', '00P?NA'], // paused: the program is still operating
      '0STP',
      ['0RAT', '00S2.000MM'], // the rate set while pumping was RAM only
    ]);
  });

  it('DIR may change while pumping continuously; the motor turns round and DIS follows', () => {
    const pump = ready();
    play(pump, ['0RAT1MM', '0RUN', 60_000, ['0DIRWDR', '00W'], 30_000, ['0DIS', '00WI1.000W0.500ML']]);
  });

  it('functions needing the TTL connector are refused ?NA, not stored', () => {
    const pump = ready();
    for (const f of ['FUNIF05', 'FUNEVN05', 'FUNEVS05', 'FUNEVR', 'FUNPRI', 'FUNPRL01', 'FUNFIL']) {
      expect(pump.sendBasic(`0${f}`)[0]?.text).toBe('00S?NA');
    }
    expect(pump.sendBasic('0FUN')[0]?.text).toBe('00SRAT');
  });
});

describe('NE-1000 emulator: system and setup commands', () => {
  it('*ADR alone answers the address; DUAL/RECP need a second pump: ?NA', () => {
    const pump = startInProcessNe1000({ limits, address: 7 });
    play(pump, ['7', ['*ADR', '07S7'], ['*ADRDUAL', '07S?NA']]);
  });

  it('*RESET clears program memory, safe mode and the address', () => {
    const pump = ready({ limits, address: 4 });
    play(pump, ['4PHN2', '4FUNJMP01', '4SAF9']);
    expect(pump.sendSafe('*RESET')).toEqual([{ framing: 'basic', text: '00S' }]);
    play(pump, ['0PHN2', ['0FUN', '00SSTP'], ['0SAF', '00S0']]);
  });

  it('setup switches, trigger mode, TTL input and buzzer answer in their set forms', () => {
    const pump = ready();
    play(pump, [
      ['0AL1', '00S'],
      ['0AL', '00S1'],
      ['0PF', '00S0'],
      ['0TRGLE', '00S'],
      ['0TRG', '00SLE'],
      ['0IN2', '00S1'],
      ['0IN5', '00S?OOR'],
      ['0OUT1', '00S'],
    ]);
    expect(pump.device.firmware()?.ttlOutput).toBe(1);
    play(pump, [
      ['0BUZ1', '00S'],
      ['0BUZ', '00S1'],
    ]);
  });
});
