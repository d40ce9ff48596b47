// The NE-1000's 41-phase Pumping Program, loaded over RS-232 and run by the emulated pump with
// no host, in virtual time. Expected volumes and times are worked by hand in the comments.
import { describe, expect, it } from 'vitest';
import { MemoryNvm } from '../../../../firmware-sim/hal/nvm-memory.ts';
import { startInProcessNe1000, type InProcessNe1000 } from '../../../../firmware-sim/personalities/ne1000/in-process.ts';
import { findPumpModel } from '../../../../src/devices/syringes.ts';
import { VirtualClock } from '../../../../src/model/clock.ts';
import { play, type Step } from './support.ts';

const limits = findPumpModel('ne1000');

type Options = Partial<Parameters<typeof startInProcessNe1000>[0]>;

function pump(options: Options = {}): InProcessNe1000 {
  const p = startInProcessNe1000({ limits, sleepWhenIdle: true, ...options });
  p.sendBasic('0'); // the power-up alarm
  return p;
}

/** Loads a program, a phase a string (its commands parted by spaces), each command taken (`00S`). */
function load(p: InProcessNe1000, phases: readonly string[]): void {
  for (const c of phases.flatMap((phase) => phase.split(' '))) expect(p.sendBasic(c)[0]?.text, c).toBe('00S');
}

/** One `it` a row: a fresh pump (with these options) loads the program, then plays the steps. */
function programs(rows: ReadonlyArray<readonly [string, readonly string[], readonly Step[], Options?]>): void {
  for (const [name, phases, steps, options] of rows)
    it(name, () => {
      const p = pump(options);
      load(p, phases);
      play(p, steps);
    });
}

describe('a three-phase program runs to completion with no host', () => {
  // 60 mL B-D (26.59 mm > 14 mm: volumes in mL).
  //   phase 1: 1 mL/min,   0.5  mL -> 30 s
  //   phase 2: 2 mL/min,   1    mL -> 30 s
  //   phase 3: 0.5 mL/min, 0.25 mL -> 30 s
  //   phase 4: STP
  // DIS at the end = 0.5 + 1 + 0.25 = 1.75 mL after 90 s.
  const program = [
    '0PHN1 0FUNRAT 0RAT1MM 0VOL0.5 0DIRINF',
    '0PHN2 0FUNRAT 0RAT2MM 0VOL1 0DIRINF',
    '0PHN3 0FUNRAT 0RAT0.5MM 0VOL0.25 0DIRINF',
    '0PHN4 0FUNSTP',
  ];

  programs([
    [
      'DIS equals the sum of the phases, and each phase runs at its own rate',
      program,
      [
        ['0RUN', '00I'],
        15_000,
        ['0PHN', '00I01'],
        ['0DIS', '00II0.250W0.000ML'], // 15 s at 1 mL/min
        30_000, // 45 s: phase 2 for 15 s
        ['0PHN', '00I02'],
        ['0RAT', '00I2.000MM'],
        ['0DIS', '00II1.000W0.000ML'], // 0.5 + 15 s × 2 mL/min
        44_999, // 89.999 s: still in phase 3
        ['0PHN', '00I03'],
        2,
        ['0', '00S'],
        ['0DIS', '00SI1.750W0.000ML'],
      ],
    ],
  ]);

  it('the program is kept in NVM across a power cycle and runs again after it', () => {
    const nvm = new MemoryNvm();
    const clock = new VirtualClock(0);
    const first = pump({ nvm, clock });
    load(first, program);
    first.device.powerCut();
    play(pump({ nvm, clock }), [
      ['0PHN3', '00S'],
      ['0FUN', '00SRAT'],
      ['0RAT', '00S0.500MM'],
      ['0VOL', '00S0.250ML'],
      ['0PHN4', '00S'],
      ['0FUN', '00SSTP'],
      ['0RUN', '00I'],
      91_000,
      ['0DIS', '00SI1.750W0.000ML'],
    ]);
  });
});

describe('an HAI-like profile: drug phase, pause, maintenance phase', () => {
  // 10 mL B-D (14.43 mm: mL).
  //   phase 1: 50.00 µL/h, 0.6 mL -> 12 h   (drug, 1.2 mL/day)
  //   phase 2: PAS 30 s                      (the pump shows T)
  //   phase 3: 25.00 µL/h, 0.3 mL -> 12 h   (saline, 0.6 mL/day)
  //   phase 4: STP
  // Done after 24 h 30 s with 0.9 mL delivered.
  programs([
    [
      'runs each phase for its volume, pauses in between, and stops',
      ['0PHN1 0FUNRAT 0RAT50.00UH 0VOL0.6', '0PHN2 0FUNPAS30', '0PHN3 0FUNRAT 0RAT25.00UH 0VOL0.3', '0PHN4 0FUNSTP'],
      [
        ['0RUN', '00I'],
        12 * 3_600_000 + 10_000,
        ['0', '00T'], // in the timed pause
        ['0DIS', '00TI0.600W0.000ML'],
        20_000 + 6 * 3_600_000,
        ['0RAT', '00I25.00UH'],
        ['0DIS', '00II0.750W0.000ML'], // 0.6 + 6 h × 25 µL/h
        6 * 3_600_000 + 1,
        ['0DIS', '00SI0.900W0.000ML'],
      ],
      { diameterMm: 14.43 },
    ],
  ]);
});

describe('program functions', () => {
  programs([
    // 1 LPS; 2 RAT 1 mL/min 0.1 mL (6 s); 3 LOP 2; 4 STP -> 3 × 0.1 = 0.3 mL in 18 s.
    [
      'LPS ... LOP 2 runs the loop body three times',
      ['0PHN1 0FUNLPS', '0PHN2 0FUNRAT 0RAT1MM 0VOL0.1', '0PHN3 0FUNLOP2', '0PHN4 0FUNSTP'],
      [['0PHN3', '00S'], ['0FUN', '00SLOP02'], '0RUN', 17_000, ['0', '00I'], 1_001, ['0DIS', '00SI0.300W0.000ML']],
    ],
    // 1 RAT 1 mL/min 0.1 mL; 2 PAS 4 s; 3 LPE -> 10 s per turn, 0.1 mL per turn.
    [
      'LPE loops for ever until STP',
      ['0PHN1 0FUNRAT 0RAT1MM 0VOL0.1', '0PHN2 0FUNPAS4', '0PHN3 0FUNLPE'],
      [
        '0RUN',
        100_001, // ten turns
        ['0DIS', '00II1.000W0.000ML'], // ten turns done at 100 s; the 11th has pumped 1 ms
        ['0STP', '00P'],
        ['0STP', '00S'],
      ],
    ],
    // 1 RAT 1 mL/min 0.5 mL (30 s); 2 INC 1 mL/min -> 2 mL/min, 0.5 mL (15 s);
    // 3 JMP 5; 4 RAT 9 mL/min (skipped); 5 DEC 1.5 mL/min -> 0.5 mL/min 0.25 mL (30 s); 6 STP.
    [
      'INC and DEC step the previous rate; JMP skips phases',
      [
        '0PHN1 0FUNRAT 0RAT1MM 0VOL0.5',
        '0PHN2 0FUNINC 0RAT1MM 0VOL0.5',
        '0PHN3 0FUNJMP5',
        '0PHN4 0FUNRAT 0RAT9MM 0VOL1',
        '0PHN5 0FUNDEC 0RAT1.5MM 0VOL0.25',
        '0PHN6 0FUNSTP',
      ],
      [
        '0RUN',
        40_000, // phase 2, 10 s in
        ['0RAT', '00I2.000MM'],
        20_000, // 60 s: phase 5, 15 s in
        ['0PHN', '00I05'],
        ['0RAT', '00I0.500MM'],
        15_001,
        ['0DIS', '00SI1.250W0.000ML'], // 0.5 + 0.5 + 0.25
      ],
    ],
    [
      'STP pauses in a phase, RUN resumes it with the rest of its volume',
      ['0PHN1 0FUNRAT 0RAT1MM 0VOL0.5', '0PHN2 0FUNRAT 0RAT2MM 0VOL0.5', '0PHN3 0FUNSTP'],
      [
        '0RUN',
        12_000, // 0.2 mL of phase 1
        ['0STP', '00P'],
        600_000,
        ['0RUN', '00I'],
        18_000, // the remaining 0.3 mL of phase 1
        ['0PHN', '00I02'],
        15_001,
        ['0DIS', '00SI1.000W0.000ML'],
      ],
    ],
    [
      'RUN n starts at phase n',
      ['0PHN1 0FUNRAT 0RAT1MM 0VOL1', '0PHN2 0FUNRAT 0RAT2MM 0VOL0.2', '0PHN3 0FUNSTP'],
      [['0RUN2', '00I'], 6_001, ['0DIS', '00SI0.200W0.000ML']],
    ],
  ]);

  it('DEC below zero is a program error (A?E); running off phase 41 is out of range (A?O)', () => {
    const p = pump();
    load(p, ['0PHN1 0FUNRAT 0RAT1MM 0VOL0.1', '0PHN2 0FUNDEC 0RAT5MM 0VOL0.1']);
    play(p, ['0RUN', 6_001, ['0', '00A?E'], ['0', '00S']]);
    const q = pump();
    load(q, ['0PHN41 0FUNRAT 0RAT1MM 0VOL0.1']);
    play(q, ['0RUN41', 6_001, ['0', '00A?O']]);
  });

  programs([
    [
      'a first phase the syringe cannot run is refused ?OOR and nothing starts',
      ['0PHN1 0FUNRAT 0RAT10MM'],
      // 1 mL B-D: 10 mL/min is beyond its range now.
      [
        ['0DIA4.699', '00S'],
        ['0RUN', '00S?OOR'],
        ['0', '00S'],
      ],
    ],
  ]);
});
