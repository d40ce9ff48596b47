/** fast-check generators for HAI requests, covering every command kind. */
import fc from 'fast-check';
import {
  HAI_INFUSATES,
  LIMITS,
  SIM_ENV_QUANTITIES,
  SIM_FAULTS,
  FAULT_PARAM_RANGES,
  type HaiRequest,
} from '../../../protocols/hai/index.ts';

/** Doubles in [min, max] without -0 (the wire has no negative zero). */
const double = (min: number, max: number): fc.Arbitrary<number> =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v));
const positive = (max: number): fc.Arbitrary<number> => double(0, max).filter((v) => v > 0);
const int = (r: { min: number; max: number }): fc.Arbitrary<number> => fc.integer({ min: r.min, max: r.max });
const range = (r: { min: number; max: number }): fc.Arbitrary<number> => double(r.min, r.max);

const bare = (kind: HaiRequest['kind']): fc.Arbitrary<HaiRequest> => fc.constant({ kind } as HaiRequest);

const simFault: fc.Arbitrary<HaiRequest> = fc.constantFrom(...SIM_FAULTS).chain((fault) => {
  const r = FAULT_PARAM_RANGES[fault];
  if (r === null) return fc.constant<HaiRequest>({ kind: 'simFault', fault });
  return fc
    .option(range(r), { nil: undefined })
    .map((param): HaiRequest => (param === undefined ? { kind: 'simFault', fault } : { kind: 'simFault', fault, param }));
});

export const KIND_ARBITRARIES: Record<HaiRequest['kind'], fc.Arbitrary<HaiRequest>> = {
  idn: bare('idn'),
  reset: bare('reset'),
  clearStatus: bare('clearStatus'),
  selfTest: bare('selfTest'),
  errorQuery: bare('errorQuery'),
  versionQuery: bare('versionQuery'),
  timeQuery: bare('timeQuery'),
  stateQuery: bare('stateQuery'),
  volumeQuery: bare('volumeQuery'),
  deliveredQuery: bare('deliveredQuery'),
  flowQuery: bare('flowQuery'),
  nominalQuery: bare('nominalQuery'),
  capacityQuery: bare('capacityQuery'),
  infusateQuery: bare('infusateQuery'),
  fill: fc.record({
    kind: fc.constant('fill' as const),
    infusate: fc.constantFrom(...HAI_INFUSATES),
    volumeMl: positive(LIMITS.fillVolumeMl.max),
  }),
  drain: bare('drain'),
  bolus: fc.record({ kind: fc.constant('bolus' as const), volumeMl: positive(LIMITS.bolusVolumeMl.max) }),
  alarmList: bare('alarmList'),
  alarmAck: fc.record({
    kind: fc.constant('alarmAck' as const),
    target: fc.oneof(int(LIMITS.alarmCode), fc.constant('ALL' as const)),
  }),
  logCount: bare('logCount'),
  logRead: fc.record({ kind: fc.constant('logRead' as const), index: int(LIMITS.logIndex) }),
  telemetryPeriod: fc.record({ kind: fc.constant('telemetryPeriod' as const), periodS: int(LIMITS.telemetryPeriodS) }),
  telemetryPeriodQuery: bare('telemetryPeriodQuery'),
  simTimeQuery: bare('simTimeQuery'),
  simTimeAdvance: fc.record({ kind: fc.constant('simTimeAdvance' as const), seconds: range(LIMITS.simAdvanceS) }),
  simSpeed: fc.record({ kind: fc.constant('simSpeed' as const), factor: range(LIMITS.simSpeedFactor) }),
  simSpeedQuery: bare('simSpeedQuery'),
  simTemperature: fc.record({ kind: fc.constant('simTemperature' as const), temperatureC: range(LIMITS.temperatureC) }),
  simAltitude: fc.record({ kind: fc.constant('simAltitude' as const), altitudeM: range(LIMITS.altitudeM) }),
  simAmbient: fc.record({ kind: fc.constant('simAmbient' as const), ambientMmHg: range(LIMITS.ambientMmHg) }),
  simArterial: fc.record({ kind: fc.constant('simArterial' as const), arterialMmHg: range(LIMITS.arterialMmHg) }),
  simEnvQuery: fc.record({ kind: fc.constant('simEnvQuery' as const), quantity: fc.constantFrom(...SIM_ENV_QUANTITIES) }),
  simFault,
  simFaultClear: fc.record({
    kind: fc.constant('simFaultClear' as const),
    fault: fc.constantFrom(...SIM_FAULTS, 'ALL' as const),
  }),
  simFaultQuery: bare('simFaultQuery'),
};

export const haiRequest: fc.Arbitrary<HaiRequest> = fc.oneof(...Object.values(KIND_ARBITRARIES));

/** Randomly upper/lower-cases each letter. */
export const randomCase = (text: string): fc.Arbitrary<string> =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((flags) => [...text].map((ch, i) => (flags[i] === true ? ch.toLowerCase() : ch.toUpperCase())).join(''));
