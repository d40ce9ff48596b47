// The NE-1000 emulator in-process, in virtual time: byte-exact replies, the power-up alarm,
// both framings, the SAF and 0.5 s packet timeouts, STP, target volume, limits and NVM.
import { describe, expect, it } from 'vitest';
import { encodeBasicCommand, encodeSafePacket, hexBytes } from '../../../protocols/newera/index.ts';
import { MemoryNvm } from '../../../firmware-sim/hal/nvm-memory.ts';
import { startInProcessNe1000 } from '../../../firmware-sim/personalities/ne1000/in-process.ts';
import { findPumpModel } from '../../../src/devices/syringes.ts';
import { VirtualClock } from '../../../src/model/clock.ts';

const limits = findPumpModel('ne1000');

/** A pump past its power-up alarm. */
function ready(options: Parameters<typeof startInProcessNe1000>[0] = { limits }) {
  const pump = startInProcessNe1000(options);
  pump.sendBasic('0');
  return pump;
}

function raw(pump: ReturnType<typeof startInProcessNe1000>, bytes: Uint8Array): string {
  const out: number[] = [];
  pump.host.onBytes((b) => out.push(...b));
  pump.sendBytes(bytes);
  return hexBytes(out);
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
    expect(run).toBe(hexBytes(encodeSafePacket('00I')));
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
    expect(pump.sendBasic('0XYZ')[0]?.text).toBe('00S?');
    expect(pump.sendBasic('0RAT9999MM')[0]?.text).toBe('00S?OOR');
    pump.sendBasic('0RUN');
    expect(pump.sendBasic('0RAT5UH')[0]?.text).toBe('00I?NA');
    expect(pump.sendBasic('0DIA10')[0]?.text).toBe('00I?NA');
  });
});

describe('NE-1000 emulator: running', () => {
  it('delivers rate × device time in integer nL, shown by DIS', () => {
    const pump = ready();
    pump.sendBasic('0RAT1.5MM');
    pump.sendBasic('0RUN');
    pump.advance(60_000);
    expect(pump.sendBasic('0DIS')[0]?.text).toBe('00II1.500W0.000ML');
    expect(Number.isInteger(pump.device.state().infusedNl)).toBe(true);
    pump.sendBasic('0STP');
    pump.sendBasic('0STP');
    pump.sendBasic('0CLD INF');
    expect(pump.sendBasic('0DIS')[0]?.text).toBe('00SI0.000W0.000ML');
  });

  it('STP pauses, RUN resumes the same program, a second STP stops', () => {
    const pump = ready();
    pump.sendBasic('0RAT1MM');
    pump.sendBasic('0VOL0.5');
    pump.sendBasic('0RUN');
    pump.advance(12_000); // 0.2 mL
    expect(pump.sendBasic('0STP')[0]?.text).toBe('00P');
    pump.advance(60_000);
    expect(pump.sendBasic('0RUN')[0]?.text).toBe('00I');
    pump.advance(60_000);
    // The target (0.5 mL) counts across the pause: it stopped at 0.5, not 0.7.
    expect(pump.sendBasic('0DIS')[0]?.text).toBe('00SI0.500W0.000ML');
    pump.sendBasic('0RUN');
    expect(pump.sendBasic('0STP')[0]?.text).toBe('00P');
    expect(pump.sendBasic('0STP')[0]?.text).toBe('00S');
  });

  it('a stall stops the pump with alarm S, answered to the next command', () => {
    const pump = ready();
    pump.sendBasic('0RUN');
    pump.device.injectStall();
    pump.advance(100);
    expect(pump.sendBasic('0DIS')[0]?.text).toBe('00A?S');
    expect(pump.sendBasic('0')[0]?.text).toBe('00S');
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
    first.sendBasic('0DIA14.43');
    first.sendBasic('0RAT20.00UM');
    first.sendBasic('0VOL UL'); // 14.43 mm > 14.00 mm chose ML; units are set separately
    first.sendBasic('0VOL250.0');
    first.sendBasic('0RUN');
    first.sendBasic('0RAT30.00UM');
    first.advance(60_000);
    first.sendBasic('0SAF0');
    first.device.powerCut();
    const again = startInProcessNe1000({ limits, nvm, clock });
    expect(again.sendBasic('0DIA')[0]?.text).toBe('00A?R');
    expect(again.sendBasic('0DIA')[0]?.text).toBe('00S14.43');
    expect(again.sendBasic('0RAT')[0]?.text).toBe('00S20.00UM');
    expect(again.sendBasic('0VOL')[0]?.text).toBe('00S250.0UL');
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
