// The conformance table's byte tests (protocols/harvard/CONFORMANCE.md): every command and reply
// form, as request and reply bytes written by hand from the manual's grammar (Pump 11 Elite
// manual pp. 52-58 as the reference quotes it), sent to the emulator in-process in virtual time.
// Each `it` is named by its row id in CONFORMANCE.md. Nothing here is produced by our formatter.
import { describe, expect, it } from 'vitest';
import { startInProcessElite11, type InProcessElite11 } from '../../../../firmware-sim/personalities/elite11/in-process.ts';
import { findHarvardModel, harvardBuiltInSyringes } from '../../../../protocols/harvard/index.ts';
import type { HarvardModel } from '../../../../protocols/harvard/index.ts';
import { loadSyringes } from '../../../../src/devices/hardware-tables.ts';
import { findPumpModel } from '../../../../src/devices/syringes.ts';
import { play, type Step } from './support.ts';

const limits = findPumpModel('elite11');
const syringes = harvardBuiltInSyringes(loadSyringes());

function pump(address = 6, model?: HarvardModel): InProcessElite11 {
  return startInProcessElite11({ limits, syringes, address, ...(model === undefined ? {} : { model }) });
}

/** One `it` a row, named by its row id: its steps, played on the pump `start` gives (address 6 unless it says). */
function cases(rows: ReadonlyArray<readonly [string, readonly Step[], (() => InProcessElite11)?]>): void {
  for (const [name, steps, start = () => pump()] of rows) it(name, () => play(start(), steps));
}

/** A pump of the named model (data in hardware/), at address 6. */
function ofModel(id: string): () => InProcessElite11 {
  return () => {
    const model = findHarvardModel(id);
    if (model === undefined) throw new Error(`no ${id} model`);
    return pump(6, model);
  };
}

describe('framing [M]', () => {
  cases([
    [
      'F1 body line and prompt at address 6; F2 prompt only',
      [
        ['6ver\r', '\n06: 11 Elite 3.0.4\r\n06:'],
        ['6stp\r', '\n06:'],
      ],
    ],
    [
      'F3 address 0 has no prefix',
      [
        ['ver\r', '\n 11 Elite 3.0.4\r\n:'],
        ['0ver\r', '\n 11 Elite 3.0.4\r\n:'],
      ],
      () => pump(0),
    ],
    [
      "F4 a bare CR gets a prompt; F5 an address alone gets that pump's prompt",
      [
        ['\r', '\n06:'],
        ['6\r', '\n06:'],
        ['6 \r\n', '\n06:'],
      ],
    ],
    [
      'F6 CR LF ends one line [C]; F7 cut to four letters; F8 @ prefix; F9 upper case',
      [
        ['6ver \r\n', '\n06: 11 Elite 3.0.4\r\n06:'],
        ['6irat 3.2 u/m\r', '\n06:'],
        ['6irat\r', '\n06:3.20000 ul/min\r\n06:'],
        ['@6irate 100 u/m\r', '\n06:'],
        ['6@irate\r', '\n06:100.000 ul/min\r\n06:'],
        ['6VER\r', '\n06: 11 Elite 3.0.4\r\n06:'],
      ],
    ],
    [
      'F10 another address is not answered',
      [
        ['7ver\r', ''],
        ['0ver\r', ''],
      ],
    ],
    [
      'F11 poll mode: XON after the prompt',
      [
        ['6poll on\r', '\n06:\x11'],
        ['6\r', '\n06:\x11'],
        ['6poll\r', '\n06:Polling mode is ON\r\n06:\x11'],
        ['6poll off\r', '\n06:'],
        ['6poll\r', '\n06:Polling mode is OFF\r\n06:'],
      ],
    ],
  ]);
});

describe('errors [M]', () => {
  cases([
    [
      'E1 Command error for an unknown command (and the old `6:` form)',
      [
        ['6bogus\r', '\n06:Command error:\r\n06:   Unknown command\r\n06:'],
        ['6:stp\r', '\n06:Command error:\r\n06:   Unknown command\r\n06:'],
      ],
    ],
    [
      'E2 Argument error with the argument; E3 without it when it is missing',
      [
        ['6irat 99999 m/m\r', '\n06:Argument error: 99999\r\n06:   Out of range\r\n06:'],
        ['6irate 3.2 ul/day\r', '\n06:Argument error: ul/day\r\n06:   Invalid argument\r\n06:'],
        ['6irate 3.2\r', '\n06:Argument error:\r\n06:   Missing argument\r\n06:'],
        ['6force 101\r', '\n06:Argument error: 101\r\n06:   Out of range\r\n06:'],
      ],
    ],
    [
      'E4 Command error for a command the state forbids (diameter while running)',
      [
        ['6irun\r', '\n06>'],
        ['6diameter 10\r', '\n06:Command error:\r\n06:   Not allowed while running\r\n06>'],
        ['6stp\r', '\n06:'],
      ],
    ],
  ]);
});

describe('line length', () => {
  cases([
    [
      'E5 a command line over 256 bytes: Command error, then the next line works',
      [
        [`6${'x'.repeat(300)}\r`, '\n06:Command error:\r\n06:   Command too long\r\n06:'],
        ['6stp\r', '\n06:'],
      ],
    ],
  ]);
});

describe('rates [M]', () => {
  cases([
    [
      'R1 irate/wrate set and query; R2 lim; R3 max/min',
      [
        ['6diameter 26.59\r', '\n06:'],
        ['6irate 1 ml/min\r', '\n06:'],
        ['6irate\r', '\n06:1.00000 ml/min\r\n06:'],
        ['6wrate 2 m/h\r', '\n06:'],
        ['6wrate\r', '\n06:2.00000 ml/hr\r\n06:'],
        // 0.00018 and 159 mm/min over pi 26.59^2/4 = 555.298 mm^2 (hardware/pump-models.json):
        // 0.0999537 uL/min = 99.9537 nl/min; 88.2925 mL/min.
        ['6irate lim\r', '\n06:99.9537 nl/min to 88.2925 ml/min\r\n06:'],
        ['6irate max\r', '\n06:'],
        ['6irate\r', '\n06:88.2925 ml/min\r\n06:'],
        ['6wrate min\r', '\n06:'],
        ['6wrate\r', '\n06:99.9537 nl/min\r\n06:'],
      ],
    ],
    [
      'R4 iramp / wramp: not set up; setting one is refused by the emulator',
      [
        ['6iramp\r', '\n06:Ramp not set up.\r\n06:'],
        ['6wramp\r', '\n06:Ramp not set up.\r\n06:'],
        ['6iramp 1 ml/min 2 ml/min 30\r', '\n06:Command error:\r\n06:   Not available on this emulator\r\n06:'],
      ],
    ],
    [
      'R5 crate: while running only',
      [
        ['6irate 1 ml/min\r', '\n06:'],
        ['6crate\r', '\n06:'],
        ['6irun\r', '\n06>'],
        ['6crate\r', '\n06:Infusing at 1.00000 ml/min\r\n06>'],
        ['6wrun\r', '\n06<'],
        ['6crate\r', '\n06:Withdrawing at 1.00000 ml/min\r\n06<'],
        ['6stop\r', '\n06:'],
      ],
    ],
  ]);
});

describe('run and stop [M]', () => {
  cases([
    [
      'M1 irun > ; wrun < ; run repeats the last direction; rrun reverses; stp/stop',
      [
        ['6irun\r', '\n06>'],
        ['6stp\r', '\n06:'],
        ['6run\r', '\n06>'],
        ['6rrun\r', '\n06<'],
        ['6stop\r', '\n06:'],
        ['6run\r', '\n06<'],
        ['6wrun\r', '\n06<'],
        ['6stp\r', '\n06:'],
      ],
    ],
  ]);
});

describe('syringe [M]', () => {
  it('S1 diameter; S2 svolume; S3 syrm', () => {
    play(pump(), [
      ['6diameter 14.4300 mm\r', '\n06:'],
      ['6diameter\r', '\n06:14.4300 mm\r\n06:'],
      ['6diameter 40\r', '\n06:Argument error: 40\r\n06:   Out of range\r\n06:'],
      ['6svolume 10 m\r', '\n06:'],
      ['6svolume\r', '\n06:10.0000 ml\r\n06:'],
      ['6syrm\r', '\n06: Custom, 14.4300 mm\r\n06:'],
      ['6syrm ter 20 ml\r', '\n06:'],
      // hardware/syringes/syringes.json: Terumo 20 mL, 20.15 mm.
      ['6syrm\r', '\n06: Terumo, 20.1500 mm\r\n06:'],
      ['6diameter\r', '\n06:20.1500 mm\r\n06:'],
      ['6syrm ter 7 ml\r', '\n06:Argument error: 7\r\n06:   Out of range\r\n06:'],
      ['6syrm xyz ?\r', '\n06:Argument error: xyz\r\n06:   Invalid argument\r\n06:'],
      [
        '6syrm ter ?\r',
        '\n06: 1.00000 ml\r\n06: 3.00000 ml\r\n06: 5.00000 ml\r\n06: 10.0000 ml\r\n06: 20.0000 ml\r\n06: 30.0000 ml\r\n06: 60.0000 ml\r\n06:',
      ],
    ]);
    const codes = pump().sendRaw('6syrm ?\r');
    for (const code of ['bdp', 'bdg', 'ham', 'ter', 'smp', 'hos', 'nat', 'nip', 'sge', 'top', 'cad', 'has', 'air'])
      expect(codes).toContain(`\n06: ${code} `);
  });
});

describe('volumes and targets [M]', () => {
  cases([
    [
      'V1 tvolume not set / set; V2 ivolume in device time; V3 T* at the target; V4 clears',
      [
        ['6diameter 14.43\r', '\n06:'],
        ['6irate 1 ml/min\r', '\n06:'],
        ['6tvolume\r', '\n06:Target volume not set\r\n06:'],
        ['6tvolume 0.5 m\r', '\n06:'],
        ['6tvolume\r', '\n06: 0.500000 ml\r\n06:'],
        ['6irun\r', '\n06>'],
        15_000,
        ['6ivolume\r', '\n06:250.000 ul\r\n06>'],
        60_000,
        ['6ivolume\r', '\n06:500.000 ul\r\n06T*'],
        ['6wvolume\r', '\n06:0 ul\r\n06T*'],
        ['6ctvolume\r', '\n06:'],
        ['6civolume\r', '\n06:'],
        ['6ivolume\r', '\n06:0 ul\r\n06:'],
        ['6wrun\r', '\n06<'],
        60_000,
        ['6stp\r', '\n06:'],
        ['6wvolume\r', '\n06:1.00000 ml\r\n06:'],
        ['6cwvolume\r', '\n06:'],
        ['6wvolume\r', '\n06:0 ul\r\n06:'],
        ['6cvolume\r', '\n06:'],
        ['6svolume 10 ml\r', '\n06:'],
        ['6tvolume 11 ml\r', '\n06:Argument error: 11\r\n06:   Out of range\r\n06:'],
      ],
    ],
    [
      'T1 itime/wtime; T2 ttime not set / set, T* at the target time; T3 clears',
      [
        ['6ttime\r', '\n06:Target time not set\r\n06:'],
        ['6ttime 90\r', '\n06:'],
        ['6ttime\r', '\n06:90.0000 seconds\r\n06:'],
        ['6irun\r', '\n06>'],
        30_000,
        ['6itime\r', '\n06:30.0000 seconds\r\n06>'],
        600_000,
        ['6itime\r', '\n06:90.0000 seconds\r\n06T*'],
        ['6wtime\r', '\n06:0 seconds\r\n06T*'],
        ['6cttime\r', '\n06:'],
        ['6ttime\r', '\n06:Target time not set\r\n06:'],
        ['6citime\r', '\n06:'],
        ['6itime\r', '\n06:0 seconds\r\n06:'],
        ['6wrun\r', '\n06<'],
        2_000,
        ['6stp\r', '\n06:'],
        ['6wtime\r', '\n06:2.00000 seconds\r\n06:'],
        ['6cwtime\r', '\n06:'],
        ['6wtime\r', '\n06:0 seconds\r\n06:'],
        ['6ctime\r', '\n06:'],
      ],
    ],
  ]);
});

describe('status [M]', () => {
  cases([
    [
      'Q1 rate fL/s, time in 1/56,000,000 s, volume fL, six flags',
      [
        ['6status\r', '\n06:0 0 0 i...I.\r\n06:'],
        ['6diameter 14.43\r', '\n06:'],
        ['6irate 1 ml/min\r', '\n06:'],
        ['6tvolume 250 ul\r', '\n06:'],
        ['6irun\r', '\n06>'],
        6_000,
        // 1 mL/min = 1e12 fL / 60 s; 6 s x 56e6 = 336,000,000; 0.1 mL = 1e11 fL.
        ['6status\r', '\n06:16666666667 336000000 100000000000 I...I.\r\n06>'],
        60_000,
        ['6status\r', '\n06:0 840000000 250000000000 i...IT\r\n06T*'],
      ],
    ],
    [
      'Q2 the PHD ULTRA Rev A form: time in seconds, five lower-case flags [M p. 88]',
      [['6:irate 1 ml/min\r', '\n06:'], ['6:irun\r', '\n06>'], 15_000, ['6:status\r', '\n06:16666666667 15 250000000000 i...I\r\n06>']],
      ofModel('phd-ultra'),
    ],
  ]);
});

describe('system commands [M]', () => {
  cases([
    [
      'Y1 ver; Y2 version (three lines); Y3 address; Y4 baud; Y5 echo; Y6 force',
      [
        ['6version\r', '\n06:Firmware:     v3.0.4\r\n06:RTOS:       FreeRTOS v7.1.1\r\n06:Pump address: 6\r\n06:'],
        ['6address\r', '\n06:Pump address is 6\r\n06:'],
        ['6baud\r', '\n06:115200 baud\r\n06:'],
        ['6baud 1234\r', '\n06:Argument error: 1234\r\n06:   Out of range\r\n06:'],
        ['6echo\r', '\n06:Echo is OFF\r\n06:'],
        ['6force\r', '\n06:100%\r\n06:'],
        ['6FORCE 50\r', '\n06:'],
        ['6force\r', '\n06:50%\r\n06:'],
      ],
    ],
    [
      'Y3 address n: answered from the old address, then the new one',
      [
        ['6address 12\r', '\n06:'],
        ['6ver\r', ''],
        ['12ver\r', '\n12: 11 Elite 3.0.4\r\n12:'],
        ['12address 0\r', '\n12:'],
        ['ver\r', '\n 11 Elite 3.0.4\r\n:'],
      ],
    ],
    [
      'Y5 echo on: the received bytes come back as they arrive',
      [
        ['6echo on\r', '\n06:'],
        ['6ver\r', '6ver\r\n06: 11 Elite 3.0.4\r\n06:'],
        ['6echo off\r', '6echo off\r\n06:'],
        ['6ver\r', '\n06: 11 Elite 3.0.4\r\n06:'],
      ],
    ],
    [
      'Y7 metrics: several `name value` lines [C]',
      [
        [
          '6metrics\r',
          '\n06:Pump type          Pump 11\r\n06:Pump type string   11 ELITE I/W Single\r\n06:Display type       Sharp\r\n06:Steps per rev      400\r' +
            '\n06:Gear ratio         1:1\r\n06:Pulley ratio       2.4:1\r\n06:Lead screw         24 threads per inch\r\n06:Microstepping      16 microsteps per step\r' +
            '\n06:Low speed limit    27 seconds\r\n06:High speed limit   26 microseconds\r\n06:Motor polarity     Reverse\r\n06:Min syringe size   0.1 mm\r' +
            '\n06:Max syringe size   33 mm\r\n06:Min raw force %    20%\r\n06:Max raw force %    80%\r\n06:Encoder            100 lines\r' +
            '\n06:Direction          Infuse/withdraw\r\n06:Programmable       Yes\r\n06:Limit switches     No\r\n06:Command set        None\r\n06:',
        ],
      ],
    ],
    [
      'Y8 input; Y9 output',
      [
        ['6input\r', '\n06:The trigger input is low.\r\n06:'],
        ['6output 1 high\r', '\n06:'],
        ['6output 2 high\r', '\n06:Argument error: 2\r\n06:   Out of range\r\n06:'],
      ],
    ],
  ]);
});

describe('models are data [C]', () => {
  cases([
    [
      'X1 an infuse-only Elite does not know the withdraw commands',
      [
        ['6wrun\r', '\n06:Command error:\r\n06:   Unknown command\r\n06:'],
        ['6wrate\r', '\n06:Command error:\r\n06:   Unknown command\r\n06:'],
        ['6irun\r', '\n06>'],
      ],
      ofModel('elite11-infuse'),
    ],
  ]);
});

describe('not applicable: family commands outside the Elite table', () => {
  const unknown = '\n06:Command error:\r\n06:   Unknown command\r\n06:';
  cases([
    [
      'N1 cat, config, delprogram, dim, sync, nvram: Command error / Unknown command',
      [
        ['6cat\r', unknown],
        ['6config\r', unknown],
        ['6delprogram x\r', unknown],
        ['6dim 50\r', unknown],
        ['6sync high\r', unknown],
        ['6nvram off\r', unknown],
      ],
    ],
  ]);
});

describe('emulator-only commands (SIM back door)', () => {
  cases([
    [
      'Z1 sim:time? and sim:time:adv run the device clock; Z2 sim:stall',
      [
        ['6sim:time?\r', '\n06:0\r\n06:'],
        ['6irate 1 ml/min\r', '\n06:'],
        ['6irun\r', '\n06>'],
        ['6sim:time:adv 6000\r', '\n06>'],
        ['6sim:time?\r', '\n06:6000\r\n06>'],
        ['6ivolume\r', '\n06:100.000 ul\r\n06>'],
        ['6sim:stall\r', '\n06*'],
        ['6status\r', '\n06:0 336000000 100000000000 i.S.I.\r\n06*'],
        ['6stp\r', '\n06:'],
      ],
    ],
    [
      'Z3 a device without the back door answers them as unknown',
      [
        ['6sim:time?\r', '\n06:Command error:\r\n06:   Unknown command\r\n06:'],
        ['6sim:stall\r', '\n06:Command error:\r\n06:   Unknown command\r\n06:'],
      ],
      () => startInProcessElite11({ limits, syringes, address: 6, simulation: false }),
    ],
  ]);
});
