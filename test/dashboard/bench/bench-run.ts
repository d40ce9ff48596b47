/** A live run made from a formula, as the publisher would send it, and the same run as analyseLiveRun takes it. */
import type { LiveRunResult, LiveRunSetup } from '../../../src/accuracy/live/index.ts';
import type { BenchMessage, BenchSetup } from '../../../src/dashboard/bench/index.ts';

type BenchSample = Extract<BenchMessage, { type: 'sample' }>;

export const RUN_KEY = 'bench-1';

export function benchSetup(overrides: Partial<BenchSetup> = {}): BenchSetup {
  return {
    type: 'setup',
    runKey: RUN_KEY,
    pump: 'ne1000:/dev/ttyUSB0',
    balance: 'mtsics:/dev/ttyUSB1',
    syringe: 'bd-plastipak-60ml',
    label: null,
    rateMlPerH: 1,
    minutes: 120,
    intervalS: 30,
    speed: 1,
    densityGPerMl: 1,
    startedAtIso: '2026-05-04T09:00:00.000Z',
    ...overrides,
  };
}

/**
 * A pump at 1 mL/h into water of density 1 (so massG = mL): a start-up that settles with τ = 5 min,
 * a 7-minute ripple of 2 mg, and time stamps that jitter by up to 20 ms, rounded to the ms as the run rounds them.
 */
export function benchSamples(setup: BenchSetup, count?: number): BenchSample[] {
  const total = Math.floor((setup.minutes * 60) / setup.intervalS + 1e-9);
  const tauS = 300;
  return Array.from({ length: count ?? total + 1 }, (_, index) => {
    const atS = index === 0 ? 0 : Math.round((index * setup.intervalS + 0.02 * Math.sin(1.7 * index)) * 1000) / 1000;
    const volumeMl = (setup.rateMlPerH * (atS - tauS * (1 - Math.exp(-atS / tauS)))) / 3600;
    const massG = 12.5 + volumeMl * setup.densityGPerMl + 0.002 * Math.sin((2 * Math.PI * atS) / 420);
    return { type: 'sample', runKey: setup.runKey, index, total, atS, massG, stable: index % 3 !== 0 };
  });
}

export function asLiveRun(setup: BenchSetup, samples: readonly BenchSample[]): { setup: LiveRunSetup; run: LiveRunResult } {
  return {
    setup: {
      pump: setup.pump,
      balance: setup.balance,
      rateMlPerH: setup.rateMlPerH,
      minutes: setup.minutes,
      intervalS: setup.intervalS,
      speed: setup.speed,
      readMode: 'immediate',
      densityGPerMl: setup.densityGPerMl,
      densitySource: 'given',
      startedAtIso: setup.startedAtIso,
      ...(setup.startMin === undefined ? {} : { startMin: setup.startMin }),
      ...(setup.endMin === undefined ? {} : { endMin: setup.endMin }),
    },
    run: {
      samples: samples.map((s) => ({ atS: s.atS, massG: s.massG, stable: s.stable })),
      startedAtMs: 0,
      pumpDeliveredMl: { atStart: 0, atEnd: null },
      interrupted: false,
    },
  };
}
