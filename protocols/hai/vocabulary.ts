/**
 * The words of the HAI protocol as data: states, infusates, alarms, faults, log events.
 * PROTOCOL.md sections 7.2–7.4 are the source; keep the two in step.
 */

/** Pump states in the order PROTOCOL.md lists them; a log "state change" record holds the index. */
export const PUMP_STATES = [
  'EMPTY',
  'FILLING',
  'INFUSING',
  'LOW',
  'TAPERING',
  'DEPLETED',
  'DRAINING',
  'DRAINED',
  'BOLUS',
  'FAULT',
] as const;
export type PumpState = (typeof PUMP_STATES)[number];

/**
 * Infusates as the codec's values (identical to src/model INFUSATE_NAMES, which protocols/ may
 * not import; a test checks they agree) with their wire keywords in SCPI long/short notation.
 */
export const INFUSATE_KEYWORDS = {
  saline: 'SALine',
  'heparinized-saline': 'HEPSaline',
  glycerin: 'GLYCerin',
  fudr: 'FUDR',
} as const;
export type HaiInfusate = keyof typeof INFUSATE_KEYWORDS;
export const HAI_INFUSATES = Object.keys(INFUSATE_KEYWORDS) as HaiInfusate[];

/** IEC 60601-1-8 alarm priorities. */
export const ALARM_SEVERITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

export interface AlarmDefinition {
  readonly code: number;
  readonly severity: AlarmSeverity;
  readonly text: string;
}

export const ALARMS = {
  lowReservoir: { code: 201, severity: 'MEDIUM', text: 'Low reservoir' },
  depleted: { code: 202, severity: 'HIGH', text: 'Reservoir depleted' },
  occlusion: { code: 203, severity: 'HIGH', text: 'Occlusion' },
  leak: { code: 204, severity: 'HIGH', text: 'Leak' },
  sensorFailure: { code: 205, severity: 'HIGH', text: 'Sensor failure' },
  flowOutOfTolerance: { code: 206, severity: 'MEDIUM', text: 'Flow out of tolerance' },
  resetOccurred: { code: 207, severity: 'LOW', text: 'Reset occurred' },
  nvmCorrupt: { code: 208, severity: 'HIGH', text: 'NVM corrupt' },
  temperature: { code: 209, severity: 'MEDIUM', text: 'Temperature out of range' },
} as const satisfies Record<string, AlarmDefinition>;

/** Simulation faults in PROTOCOL.md 7.4 order; the log's fault index is position + 1. */
export const SIM_FAULTS = ['OCCLUSION', 'LEAK', 'SENSOR', 'BROWNOUT', 'NOISE', 'MUTE', 'SLOW'] as const;
export type SimFault = (typeof SIM_FAULTS)[number];

/** Wire keywords (long/short notation) for each fault. */
export const SIM_FAULT_KEYWORDS: Readonly<Record<SimFault, string>> = {
  OCCLUSION: 'OCCLusion',
  LEAK: 'LEAK',
  SENSOR: 'SENSor',
  BROWNOUT: 'BROWNout',
  NOISE: 'NOISe',
  MUTE: 'MUTE',
  SLOW: 'SLOW',
};

/** The environment quantities SIM:ENV can set and query. */
export const SIM_ENV_QUANTITIES = ['temperature', 'altitude', 'ambient', 'arterial'] as const;
export type SimEnvQuantity = (typeof SIM_ENV_QUANTITIES)[number];

/** Event codes in LOG:READ? records (PROTOCOL.md 7.3). */
export const LOG_EVENTS = {
  boot: 1,
  fill: 2,
  drain: 3,
  bolus: 4,
  alarmRaised: 5,
  alarmAcknowledged: 6,
  alarmCleared: 7,
  stateChange: 8,
  faultInjected: 9,
  faultCleared: 10,
  reset: 11,
} as const;

/** Boot reset causes, as `!BOOT reset=` words; the log's boot record holds the index. */
export const RESET_CAUSES = ['POWERON', 'WATCHDOG', 'BROWNOUT', 'COMMAND'] as const;
export type ResetCause = (typeof RESET_CAUSES)[number];

export const NVM_STATUSES = ['OK', 'BLANK', 'RESTORED', 'CORRUPT'] as const;
export type NvmStatus = (typeof NVM_STATUSES)[number];

/** *TST? result bits. */
export const SELF_TEST_BITS = { nvm: 1, volumeSensor: 2, clock: 4, watchdog: 8 } as const;
