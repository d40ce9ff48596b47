// The rows of protocols/newera/CONFORMANCE.md, each pinned by bytes written by hand from the
// NE-1000 manual (publication 1200-01, chapter 10) into the emulator's UART and bytes expected
// back. Strings are latin-1 byte sequences: '\x02' STX, '\x03' ETX, '\r' CR. CRCs of safe
// packets were worked with Python's binascii.crc_hqx (CRC-16/XMODEM, high byte first), which
// reproduces the manual's own example CRC("SAF0") = 55 43 (p.33). A test id is the row's id.
import { describe, expect, it } from 'vitest';
import { MemoryNvm } from '../../../../firmware-sim/hal/nvm-memory.ts';
import { startInProcessNe1000, type InProcessNe1000 } from '../../../../firmware-sim/personalities/ne1000/in-process.ts';
import { findPumpModel } from '../../../../src/devices/syringes.ts';
import { VirtualClock } from '../../../../src/model/clock.ts';

const limits = findPumpModel('ne1000');
type Options = Partial<Parameters<typeof startInProcessNe1000>[0]>;

/** A pump past its power-up alarm (answered to a literal `0` CR). */
function pump(options: Options = {}): InProcessNe1000 {
  const p = startInProcessNe1000({ limits, sleepWhenIdle: true, ...options });
  io(p, '0\r');
  return p;
}

/** Writes `bytes` (latin-1) and returns every byte the pump sent back meanwhile. */
function io(p: InProcessNe1000, bytes: string): string {
  const before = p.bytes.length;
  p.sendBytes(Buffer.from(bytes, 'latin1'));
  return Buffer.from(p.bytes.slice(before)).toString('latin1');
}

/** Bytes the pump sent while `ms` of time passed. */
function during(p: InProcessNe1000, ms: number): string {
  const before = p.bytes.length;
  p.advance(ms);
  return Buffer.from(p.bytes.slice(before)).toString('latin1');
}

/**
 * A step: a request and exactly the bytes it gets back; a request alone (what comes back is not
 * looked at); a number of ms of time to let pass; or [ms, bytes]: exactly the bytes sent meanwhile.
 */
type Step = readonly [string | number, string] | string | number | ((p: InProcessNe1000) => void);

/** Plays the steps in order on one pump. */
function play(p: InProcessNe1000, steps: readonly Step[]): void {
  for (const step of steps) {
    if (typeof step === 'string') io(p, step);
    else if (typeof step === 'number') p.advance(step);
    else if (typeof step === 'function') step(p);
    else {
      const [what, reply] = step;
      expect([what, typeof what === 'number' ? during(p, what) : io(p, what)]).toEqual([what, reply]);
    }
  }
}

/** One `it` a row, named by its row id: its steps, played on the pump `start` gives (past its power-up alarm unless it says). */
function cases(rows: ReadonlyArray<readonly [string, readonly Step[], (() => InProcessNe1000)?]>): void {
  for (const [name, steps, start = () => pump()] of rows) it(name, () => play(start(), steps));
}

/** A pump straight after power-up, its alarm still pending. */
const fresh = (): InProcessNe1000 => startInProcessNe1000({ limits, sleepWhenIdle: true });

describe('framing and link (p.33-34)', () => {
  cases([
    ['F-basic: <command data> CR is answered STX <response data> ETX', [['0VER\r', '\x0200SNE1000V3.928\x03']]],
    ['F-normalise: spaces and control characters dropped, lower case accepted', [['0 v\te r\r', '\x0200SNE1000V3.928\x03']]],
    ['F-no-address: a command without an address goes to pump 0', [['VER\r', '\x0200SNE1000V3.928\x03']]],
    [
      'F-safe: STX LEN <command data> CRC16 ETX is answered the same way when in safe mode',
      [
        ['\x02\x09\x30\x53\x41\x46\x32\x79\xef\x03', '\x02\x07\x30\x30\x53\xaa\xa6\x03'], // 0SAF2 -> 00S
        ['\x02\x08\x30\x56\x45\x52\x48\x09\x03', '\x02\x13\x30\x30\x53\x4e\x45\x31\x30\x30\x30\x56\x33\x2e\x39\x32\x38\x27\x22\x03'],
      ],
    ],
    [
      "F-basic-return: the manual's packet (0x2)(0x8)SAF0(0x55)(0x43)(0x3) returns to basic mode",
      ['0SAF2\r', ['\x02\x08SAF0\x55\x43\x03', '\x0200S\x03'], ['0SAF\r', '\x0200S0\x03']],
    ],
    [
      'F-com: an invalid packet (bad CRC) is answered ?COM and not executed',
      [
        ['\x02\x0b\x30\x52\x41\x54\x35\x4d\x4d\x6a\x07\x03', '\x0200S?COM\x03'], // 0RAT5MM, CRC low byte off by one
        ['0RAT\r', '\x0200S1.000MM\x03'],
      ],
    ],
    [
      'F-interbyte: a packet with 0.5 s between two bytes is discarded',
      [
        ['\x02\x08\x30\x56', ''],
        501,
        ['\x45\x52\x48\x09\x03', ''],
        ['\x02\x08\x30\x56', ''],
        499,
        ['\x45\x52\x48\x09\x03', '\x0200SNE1000V3.928\x03'],
      ],
    ],
    [
      'F-saf-timeout: no valid packet within SAF s stops the pump with alarm T, sent by itself',
      [
        '0RUN\r',
        '0SAF2\r',
        [1_999, ''],
        [2, '\x02\x09\x30\x30\x41\x3f\x54\x05\x40\x03'], // 00A?T
        ['\x02\x05\x30\x36\x53\x03', '\x02\x09\x30\x30\x41\x3f\x54\x05\x40\x03'], // "0" answered A?T
        ['\x02\x05\x30\x36\x53\x03', '\x02\x07\x30\x30\x53\xaa\xa6\x03'], // then 00S: stopped
      ],
    ],
  ]);
  it('F-safe-power-up: safe mode survives power-up, sends 00A?R by itself, timer waits for a packet', () => {
    const nvm = new MemoryNvm();
    const clock = new VirtualClock(0);
    const first = pump({ nvm, clock });
    io(first, '0SAF3\r');
    first.device.powerCut();
    const before = 0;
    const again = startInProcessNe1000({ limits, nvm, clock, sleepWhenIdle: true });
    expect(Buffer.from(again.bytes.slice(before)).toString('latin1')).toBe('\x02\x09\x30\x30\x41\x3f\x52\x65\x86\x03');
    expect(during(again, 30_000)).toBe('');
    // The auto-sent alarm did not clear it: the first command is answered A?R (p.36).
    expect(io(again, '\x02\x05\x30\x36\x53\x03')).toBe('\x02\x09\x30\x30\x41\x3f\x52\x65\x86\x03');
  });
  cases([
    [
      'F-saf-power-up-framing: a safe-framed SAF10 right after power-up gets 00A?R safe-framed',
      [
        ['\x02\x09\x53\x41\x46\x31\x30\x4c\x32\x03', '\x02\x09\x30\x30\x41\x3f\x52\x65\x86\x03'],
        ['\x02\x09\x53\x41\x46\x31\x30\x4c\x32\x03', '\x02\x07\x30\x30\x53\xaa\xa6\x03'],
      ],
      fresh,
    ],
    [
      'F-auto-alarm: in safe mode an alarm (a stall) is sent by itself and still answers the next command',
      [
        '0SAF20\r',
        '\x02\x08\x30\x52\x55\x4e\x44\x07\x03', // 0RUN, the reference's worked packet
        ['\x02\x0d\x53\x49\x4d\x3a\x53\x54\x41\x4c\x4c\xbf\x8c\x03', '\x02\x07\x30\x30\x49\x19\xdd\x03'], // SIM:STALL -> 00I
        [1, '\x02\x09\x30\x30\x41\x3f\x53\x75\xa7\x03'], // 00A?S, unasked
        ['\x02\x05\x30\x36\x53\x03', '\x02\x09\x30\x30\x41\x3f\x53\x75\xa7\x03'],
      ],
    ],
    [
      'F-baud-timer: after a baud change the SAF timer waits for the next valid packet',
      ['0SAF2\r', ['*ADR0B9600\r', '\x02\x07\x30\x30\x53\xaa\xa6\x03'], [10_000, '']],
    ],
  ]);
});

describe('reply forms (p.35-36)', () => {
  cases([
    [
      'R-status: I W S P T X',
      [
        ['0\r', '\x0200S\x03'],
        ['0RUN\r', '\x0200I\x03'],
        ['0STP\r', '\x0200P\x03'],
        ['0STP\r', '\x0200S\x03'],
        ['0DIRWDR\r', '\x0200S\x03'],
        ['0RUN\r', '\x0200W\x03'],
        '0STP\r',
        '0STP\r',
        ['0PUR\r', '\x0200X\x03'],
        '0STP\r',
        '0PHN1\r',
        '0FUNPAS10\r',
        ['0RUN\r', '\x0200T\x03'],
      ],
    ],
    [
      'R-alarm-R: the power-up alarm answers the first command, which is not executed',
      [
        ['0RAT2MM\r', '\x0200A?R\x03'],
        ['0RAT\r', '\x0200S1.000MM\x03'],
      ],
      fresh,
    ],
    [
      'R-alarm-S: a motor stall (SIM:STALL) is answered A?S once',
      ['0RUN\r', 'SIM:STALL\r', ['0DIS\r', '\x0200A?S\x03'], ['0\r', '\x0200S\x03']],
    ],
    [
      'R-alarm-E: a program error (DEC below zero) is answered A?E',
      ['0PHN1\r', '0FUNRAT\r', '0VOL0.1\r', '0PHN2\r', '0FUNDEC\r', '0RAT5MM\r', '0RUN\r', 6_001, ['0\r', '\x0200A?E\x03']],
    ],
    [
      'R-alarm-O: running past phase 41 is answered A?O',
      ['0PHN41\r', '0FUNRAT\r', '0RAT1MM\r', '0VOL0.1\r', '0RUN41\r', 6_001, ['0\r', '\x0200A?O\x03']],
    ],
    ['R-err-unknown: ?', [['0XYZ\r', '\x0200S?\x03']]],
    ['R-err-oor: ?OOR', [['0RAT9999MM\r', '\x0200S?OOR\x03']]],
    ['R-err-na: ?NA', ['0RUN\r', ['0DIA10\r', '\x0200I?NA\x03']]],
    [
      'R-float: numbers in replies carry a decimal point',
      ['0RAT1000UM\r', ['0RAT\r', '\x0200S1000.UM\x03'], ['0DIA\r', '\x0200S26.59\x03']],
    ],
  ]);
});

describe('commands (10.4 command set)', () => {
  cases([
    ['C-status: a packet without a command is a status query', [['0\r', '\x0200S\x03']]],
    [
      'C-DIA: set (stopped only) and query; volume units follow the diameter',
      [
        ['0DIA14.43\r', '\x0200S\x03'],
        ['0DIA\r', '\x0200S14.43\x03'],
        ['0DIA4.699\r', '\x0200S\x03'],
        ['0VOL\r', '\x0200S0.000UL\x03'],
      ],
    ],
    [
      'C-PHN: select and query the phase; 42 is out of range',
      [
        ['0PHN7\r', '\x0200S\x03'],
        ['0PHN\r', '\x0200S07\x03'],
        ['0PHN42\r', '\x0200S?OOR\x03'],
      ],
    ],
    [
      'C-FUN: RAT INC DEC STP JMP LPS LPE LOP PAS set and query',
      [
        '0PHN2\r',
        ['0FUNRAT\r', '\x0200S\x03'],
        ['0FUN\r', '\x0200SRAT\x03'],
        ['0FUNINC\r', '\x0200S\x03'],
        ['0FUN\r', '\x0200SINC\x03'],
        ['0FUNDEC\r', '\x0200S\x03'],
        ['0FUN\r', '\x0200SDEC\x03'],
        ['0FUNSTP\r', '\x0200S\x03'],
        ['0FUN\r', '\x0200SSTP\x03'],
        ['0FUNJMP5\r', '\x0200S\x03'],
        ['0FUN\r', '\x0200SJMP05\x03'],
        ['0FUNLPS\r', '\x0200S\x03'],
        ['0FUN\r', '\x0200SLPS\x03'],
        ['0FUNLPE\r', '\x0200S\x03'],
        ['0FUN\r', '\x0200SLPE\x03'],
        ['0FUNLOP3\r', '\x0200S\x03'],
        ['0FUN\r', '\x0200SLOP03\x03'],
        ['0FUNPAS30\r', '\x0200S\x03'],
        ['0FUN\r', '\x0200SPAS30\x03'],
        ['0FUNPAS2.5\r', '\x0200S\x03'],
        ['0FUN\r', '\x0200SPAS2.5\x03'],
      ],
    ],
    [
      'C-FUN-refused: FIL PRI PRL IF EVN EVS EVR answer ?NA on the emulator',
      [
        ['0FUNFIL\r', '\x0200S?NA\x03'],
        ['0FUNPRI\r', '\x0200S?NA\x03'],
        ['0FUNPRL01\r', '\x0200S?NA\x03'],
        ['0FUNIF05\r', '\x0200S?NA\x03'],
        ['0FUNEVN05\r', '\x0200S?NA\x03'],
        ['0FUNEVS05\r', '\x0200S?NA\x03'],
        ['0FUNEVR\r', '\x0200S?NA\x03'],
      ],
    ],
    [
      'C-RAT: set with and without units, query, ?OOR, change while pumping (units kept)',
      [
        ['0RAT1.5MM\r', '\x0200S\x03'],
        ['0RAT\r', '\x0200S1.500MM\x03'],
        ['0RAT2\r', '\x0200S\x03'],
        ['0RAT\r', '\x0200S2.000MM\x03'],
        '0RUN\r',
        ['0RAT3\r', '\x0200I\x03'],
        ['0RAT3UH\r', '\x0200I?NA\x03'],
      ],
    ],
    [
      'C-VOL: value and units set separately, query',
      [
        ['0VOL0.5\r', '\x0200S\x03'],
        ['0VOL\r', '\x0200S0.500ML\x03'],
        ['0VOLUL\r', '\x0200S\x03'],
        ['0VOL\r', '\x0200S0.500UL\x03'],
      ],
    ],
    [
      'C-DIR: INF WDR REV STK and query',
      [
        ['0DIRWDR\r', '\x0200S\x03'],
        ['0DIR\r', '\x0200SWDR\x03'],
        ['0DIRREV\r', '\x0200S\x03'],
        ['0DIR\r', '\x0200SINF\x03'],
        ['0DIRSTK\r', '\x0200S\x03'],
        ['0DIR\r', '\x0200SSTK\x03'],
      ],
    ],
    [
      'C-RUN: RUN and RUN <phase>',
      [
        '0PHN2\r',
        '0FUNRAT\r',
        '0RAT2MM\r',
        '0VOL0.2\r',
        '0PHN3\r',
        '0FUNSTP\r',
        ['0RUN2\r', '\x0200I\x03'],
        ['0RAT\r', '\x0200I2.000MM\x03'],
      ],
    ],
    [
      'C-PUR: purge runs at the maximum rate until STP',
      [
        ['0PUR\r', '\x0200X\x03'],
        ['0STP\r', '\x0200S\x03'],
      ],
    ],
    [
      'C-STP: pauses a running program; a second STP stops it',
      ['0RUN\r', ['0STP\r', '\x0200P\x03'], ['0RUN\r', '\x0200I\x03'], '0STP\r', ['0STP\r', '\x0200S\x03']],
    ],
    [
      'C-DIS: dispensed volumes, and C-CLD clearing one',
      [
        '0RUN\r',
        30_000,
        '0STP\r',
        ['0DIS\r', '\x0200PI0.500W0.000ML\x03'],
        ['0CLDINF\r', '\x0200P\x03'],
        ['0DIS\r', '\x0200PI0.000W0.000ML\x03'],
      ],
    ],
    [
      'C-SAF: set and query',
      [
        ['0SAF\r', '\x0200S0\x03'],
        ['0SAF255\r', '\x02\x07\x30\x30\x53\xaa\xa6\x03'],
        ['0SAF256\r', '\x02\x0b\x30\x30\x53\x3f\x4f\x4f\x52\x23\x3f\x03'], // 00S?OOR, safe
      ],
    ],
    [
      'C-setup: AL PF BP LOC DIN ROM TRG set and query',
      [
        ['0AL1\r', '\x0200S\x03'],
        ['0AL\r', '\x0200S1\x03'],
        ['0PF1\r', '\x0200S\x03'],
        ['0PF\r', '\x0200S1\x03'],
        ['0BP1\r', '\x0200S\x03'],
        ['0BP\r', '\x0200S1\x03'],
        ['0LOC1\r', '\x0200S\x03'],
        ['0LOC\r', '\x0200S1\x03'],
        ['0DIN1\r', '\x0200S\x03'],
        ['0DIN\r', '\x0200S1\x03'],
        ['0ROM1\r', '\x0200S\x03'],
        ['0ROM\r', '\x0200S1\x03'],
        ['0TRGFT\r', '\x0200S\x03'],
        ['0TRG\r', '\x0200SFT\x03'],
      ],
    ],
    [
      'C-IO: IN <pin> query, OUT <level>, BUZ',
      [
        ['0IN3\r', '\x0200S1\x03'],
        ['0OUT0\r', '\x0200S\x03'],
        ['0BUZ1\r', '\x0200S\x03'],
        ['0BUZ\r', '\x0200S1\x03'],
        ['0BUZ0\r', '\x0200S\x03'],
      ],
    ],
    ['C-VER: NE<model>V<n>.<n>', [['0VER\r', '\x0200SNE1000V3.928\x03']]],
    [
      'C-ADR: query, set address, set address and baud (reply at the new ones), DUAL ?NA',
      [
        ['*ADR\r', '\x0200S0\x03'],
        ['*ADR3\r', '\x0203S\x03'],
        ['0VER\r', ''],
        ['*ADR5B1200\r', '\x0205S\x03'],
        (p) => expect(p.device.state().baud).toBe(1200),
        ['*ADRDUAL\r', '\x0205S?NA\x03'],
      ],
    ],
    [
      'C-RESET: clears program memory and returns to basic mode, address 0',
      [
        '4\r',
        '4PHN2\r',
        '4FUNJMP1\r',
        '4SAF9\r',
        ['\x02\x0a\x2a\x52\x45\x53\x45\x54\xdf\xb4\x03', '\x0200S\x03'], // *RESET, safe-framed
        '0PHN2\r',
        ['0FUN\r', '\x0200SSTP\x03'],
      ],
      () => pump({ address: 4 }),
    ],
    [
      'C-star: * before an ordinary command reaches the pump whatever its address',
      ['6\r', ['*VER\r', '\x0206SNE1000V3.928\x03']],
      () => pump({ address: 6 }),
    ],
    [
      'C-burst: <n> <command> * ...: this pump runs its own segment',
      ['1\r', '1RAT1MH\r', ['0 rat 100 * 1 rat 250 * 2 rat 375 *\r', '\x0201S\x03'], ['1RAT\r', '\x0201S250.0MH\x03']],
      () => pump({ address: 1 }),
    ],
  ]);
});

describe('emulator-only commands (not in the manual)', () => {
  it('E-sim: SIM:TIME? and SIM:TIME:ADV on the emulator; a real pump answers ?', () => {
    play(pump({ speed: 0 }), [
      ['SIM:TIME?\r', '\x0200S0\x03'],
      ['SIM:TIME:ADV2500\r', '\x0200S\x03'],
      ['SIM:TIME?\r', '\x0200S2500\x03'],
    ]);
    play(pump({ simulation: false }), [
      ['SIM:TIME?\r', '\x0200S?\x03'],
      ['SIM:STALL\r', '\x0200S?\x03'],
    ]);
  });
});
