/**
 * The simulated MT-SICS balance against the manual (METTLER TOLEDO, MT-SICS Interface Command
 * Reference Manual 11781363; pages in protocols/mtsics/CONFORMANCE.md). Every expected line is
 * written here by hand from the manual's syntax: `<ID> <Status> <WeightValue> <Unit>` with the
 * value right-aligned in 10 characters (p. 8), `<ID> <Status>` for the command-specific errors
 * (p. 10), ES / ET / EL (p. 11). The balance here has 0.1 mg readability and 220 g capacity,
 * so the zero setting range of Z and ZI is ±4.4 g (2 %) around the zero set at switch-on.
 */
import { describe, expect, it } from 'vitest';
import { MemoryNvm } from '../../../../firmware-sim/hal/nvm-memory.ts';
import { Beaker } from '../../../../firmware-sim/personalities/mtsics/index.ts';
import { startInProcessMtSics } from '../../../../firmware-sim/personalities/mtsics/in-process.ts';
import { converse } from '../support.ts';

/** A still, noise-free pan holding `panG` at switch-on. */
function balanceWith(panG: number, options: { nvm?: MemoryNvm } = {}) {
  const beaker = new Beaker({ containerG: panG, noiseSdMg: 0, settleMs: 0 });
  const balance = startInProcessMtSics({ beaker, stabilityTimeoutMs: 2000, ...options });
  return { beaker, balance };
}

/** An empty pan at switch-on, then `g` put on it. */
function loadedAfterSwitchOn(g: number) {
  const pan = balanceWith(0);
  pan.beaker.extraG = g;
  return pan;
}

describe('switch-on (I4 p. 89, I48 p. 107, M35 p. 164, M49 p. 174)', () => {
  it('sends its serial number by itself, then zeroes an empty pan (inside the initial zero range)', () => {
    const { balance } = balanceWith(0);
    expect(balance.lines).toEqual(['I4 A "B000000001"']);
    converse(balance)`
      S → S S     0.0000 g
      SI → S S     0.0000 g
    `;
  });

  it('a 30 g load at switch-on is within the initial zero range (−2 % … +18 % of 220 g): it becomes the zero', () => {
    converse(balanceWith(30).balance)`
      S → S S     0.0000 g
      Z → Z A
    `;
  });

  it('a 100 g beaker at switch-on is outside it: the saved (production) zero stays, the beaker weighs 100 g', () => {
    converse(balanceWith(100).balance)`
      S → S S   100.0000 g
      Z → Z +
      ZI → ZI +
    `;
  });

  it('the tare is volatile: zero after a restart (M49 normal mode)', () => {
    const nvm = new MemoryNvm();
    const first = balanceWith(100, { nvm });
    expect(first.balance.send('TA 50 g')).toEqual(['TA A    50.0000 g']);
    first.balance.device.stop();
    converse(balanceWith(100, { nvm }).balance)`
      TA → TA A     0.0000 g
      S → S S   100.0000 g
    `;
  });
});

describe('Z and ZI: within the zero setting range around the switch-on zero (pp. 244, 246)', () => {
  it('Z A and ZI S inside it; Z + / ZI + above it; the tare is cleared by a zero setting', () => {
    const { beaker, balance } = loadedAfterSwitchOn(3);
    converse(balance)`
      SI → S S     3.0000 g
      Z → Z A
      S → S S     0.0000 g
    `;
    beaker.extraG = 0;
    converse(balance)`
      SI → S S    -3.0000 g
      ZI → ZI S
    `;
    // 5 g is past the +4.4 g limit, wherever the zero has been moved to since switch-on.
    beaker.extraG = 5;
    converse(balance)`
      Z → Z +
      ZI → ZI +
    `;
    beaker.extraG = 2;
    converse(balance)`
      T → T S     2.0000 g
      Z → Z A
      TA → TA A     0.0000 g
    `;
  });

  it('Z - / ZI - below it: a 10 g switch-on load taken off', () => {
    const { beaker, balance } = balanceWith(10);
    beaker.extraG = -10;
    converse(balance)`
      SI → S S   -10.0000 g
      Z → Z -
      ZI → ZI -
    `;
  });

  it('Z waits for stability and gives up with Z I; ZI zeroes a moving load with ZI D', () => {
    const { beaker, balance } = balanceWith(0);
    beaker.vibrationSdMg = 3;
    expect(balance.send('Z')).toEqual([]);
    expect(balance.advance(2100)).toEqual(['Z I']);
    expect(balance.send('ZI')).toEqual(['ZI D']);
  });
});

describe('T, TI, TA, TAC (pp. 225–230)', () => {
  it('T S with the weight change since the last zero setting; TA reads it; TAC clears it', () => {
    const { balance } = loadedAfterSwitchOn(50);
    converse(balance)`
      T → T S    50.0000 g
      S → S S     0.0000 g
      TA → TA A    50.0000 g
      TAC → TAC A
      TA → TA A     0.0000 g
      S → S S    50.0000 g
    `;
  });

  it('T - / TI - for a negative gross weight; T + / TI + above the range', () => {
    const { beaker, balance } = balanceWith(10);
    beaker.extraG = -10;
    converse(balance)`
      T → T -
      TI → TI -
    `;
    beaker.extraG = 250;
    converse(balance)`
      T → T +
      TI → TI +
    `;
  });

  it('TI tares a moving load with TI D; T waits and gives up with T I', () => {
    const { beaker, balance } = loadedAfterSwitchOn(20);
    beaker.vibrationSdMg = 3;
    expect(balance.send('TI')).toEqual([expect.stringMatching(/^TI D {4}[12]\d\.\d{4} g$/)]);
    expect(balance.send('T')).toEqual([]);
    expect(balance.advance(2100)).toEqual(['T I']);
  });

  it('TA presets a tare (rounded to the readability); a negative one is TA L', () => {
    converse(balanceWith(0).balance)`
      TA 12.34567 g → TA A    12.3457 g
      TA 250 mg → TA A     0.2500 g
      TA -1 g → TA L
      TA 300 g → TA L
    `;
  });
});

describe('@ (p. 15) and SIR (p. 207)', () => {
  it('@ is executed at once, cancels a waiting S, keeps the tare, and answers I4 A', () => {
    const { beaker, balance } = loadedAfterSwitchOn(50);
    balance.send('T');
    beaker.vibrationSdMg = 3;
    converse(balance)`
      S →
      @ → I4 A "B000000001"
    `;
    expect(balance.advance(3000)).toEqual([]);
    beaker.vibrationSdMg = 0;
    expect(balance.send('TA')).toEqual(['TA A    50.0000 g']);
  });

  it('SIR repeats until S, SI, SIR or @; other commands are answered between its lines', () => {
    const { balance } = balanceWith(0);
    expect(balance.send('SIR')).toEqual(['S S     0.0000 g']);
    expect(balance.advance(600)).toEqual(['S S     0.0000 g', 'S S     0.0000 g', 'S S     0.0000 g']);
    expect(balance.send('I4')).toEqual(['I4 A "B000000001"']);
    expect(balance.advance(200)).toEqual(['S S     0.0000 g']);
    expect(balance.send('SI')).toEqual(['S S     0.0000 g']);
    expect(balance.advance(1000)).toEqual([]);
    balance.send('SIR');
    expect(balance.send('@')).toEqual(['I4 A "B000000001"']);
    expect(balance.advance(1000)).toEqual([]);
  });

  it('SIR reports overload and underload in the stream as S + and S -', () => {
    const { beaker, balance } = balanceWith(0);
    balance.send('SIR');
    beaker.extraG = 500;
    expect(balance.advance(200)).toEqual(['S +']);
    beaker.extraG = 0;
    beaker.panRemoved = true;
    expect(balance.advance(200)).toEqual(['S -']);
    beaker.panRemoved = false;
    expect(balance.advance(200)).toEqual(['S S     0.0000 g']);
  });
});

describe('I0, I1 (pp. 85, 86): exactly what is implemented', () => {
  it('I0 lists the commands first by level, then alphabetically, B lines then one A line', () => {
    const { balance } = balanceWith(0);
    expect(balance.send('I0')).toEqual([
      'I0 B 0 "I0"',
      'I0 B 0 "I1"',
      'I0 B 0 "I2"',
      'I0 B 0 "I3"',
      'I0 B 0 "I4"',
      'I0 B 0 "I5"',
      'I0 B 0 "S"',
      'I0 B 0 "SI"',
      'I0 B 0 "SIR"',
      'I0 B 0 "Z"',
      'I0 B 0 "ZI"',
      'I0 B 0 "@"',
      'I0 B 1 "T"',
      'I0 B 1 "TA"',
      'I0 B 1 "TAC"',
      'I0 B 1 "TI"',
      'I0 B 2 "I10"',
      'I0 A 2 "I11"',
    ]);
  });

  it('every command I0 lists is answered, and a command it does not list is ES', () => {
    const { balance } = balanceWith(0);
    const listed = balance.send('I0').map((line) => /"(.+)"$/.exec(line)?.[1] ?? '');
    for (const command of listed) {
      const reply = command === 'SIR' ? balance.send(command).slice(0, 1) : balance.send(command);
      if (command === 'SIR') balance.send('@');
      expect(reply, command).not.toEqual(['ES']);
    }
    for (const command of ['D "Hi"', 'DW', 'K 1', 'SR', 'SU', 'I14 0', 'C1', 'M21', 'SIU', 'I10 "My Balance"'])
      expect(balance.send(command), command).toEqual(['ES']);
  });

  it('I1 lists only the fully implemented level (0) and a version for each level present', () => {
    const { balance } = balanceWith(0);
    expect(balance.send('I1')).toEqual(['I1 A "0" "2.20" "2.20" "1.00" ""']);
  });
});

describe('general errors (p. 11)', () => {
  it('ES for an unknown, lower-case or malformed command; ET for a corrupt byte; EL when it cannot take more', () => {
    const { beaker, balance } = balanceWith(0);
    for (const line of ['z', 'ZZ', 'S 1', 'T A', 'TA 1']) expect(balance.send(line), line).toEqual(['ES']);
    expect(balance.sendBytes(Buffer.from([0x53, 0xb5, 0x0d, 0x0a]))).toEqual(['ET']);
    beaker.vibrationSdMg = 3;
    // The balance takes eight lines (the first S then waits for stability); the ninth it cannot take.
    const replies = balance.sendBytes(Buffer.from('S\r\n'.repeat(9), 'latin1'));
    expect(replies).toEqual(['EL']);
  });
});
