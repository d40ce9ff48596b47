/** The HAI error table (PROTOCOL.md section 4) as data. Hosts key on the code, never the text. */

export const HAI_ERRORS = {
  commandError: { code: -100, message: 'Command error' },
  syntaxError: { code: -102, message: 'Syntax error' },
  dataTypeError: { code: -104, message: 'Data type error' },
  parameterNotAllowed: { code: -108, message: 'Parameter not allowed' },
  missingParameter: { code: -109, message: 'Missing parameter' },
  undefinedHeader: { code: -113, message: 'Undefined header' },
  executionError: { code: -200, message: 'Execution error' },
  settingsConflict: { code: -221, message: 'Settings conflict' },
  dataOutOfRange: { code: -222, message: 'Data out of range' },
  illegalParameterValue: { code: -224, message: 'Illegal parameter value' },
  queueOverflow: { code: -350, message: 'Queue overflow' },
  crcMismatch: { code: -361, message: 'CRC mismatch' },
  inputBufferOverrun: { code: -363, message: 'Input buffer overrun' },
  overCapacity: { code: 101, message: 'Reservoir over capacity' },
  notDrained: { code: 102, message: 'Reservoir not drained' },
  alarmNotAcknowledged: { code: 103, message: 'Alarm not acknowledged' },
  bolusRefused: { code: 104, message: 'Bolus refused' },
  invalidInState: { code: 105, message: 'Invalid in current state' },
  noSuchAlarm: { code: 106, message: 'No such alarm' },
  sensorFault: { code: 107, message: 'Sensor fault' },
  procedureInProgress: { code: 108, message: 'Procedure in progress' },
} as const;

export type HaiErrorName = keyof typeof HAI_ERRORS;
export type HaiErrorCode = (typeof HAI_ERRORS)[HaiErrorName]['code'];

/** What an ERR reply or an error-queue entry carries. */
export interface HaiError {
  readonly code: number;
  readonly message: string;
}

/** The `0,"No error"` answer of SYSTem:ERRor? on an empty queue. */
export const NO_ERROR: HaiError = { code: 0, message: 'No error' };

const byCode = new Map<number, string>(Object.values(HAI_ERRORS).map((e) => [e.code, e.message]));

/** Table message for a code, or undefined for a code the table does not define. */
export function errorMessage(code: number): string | undefined {
  return byCode.get(code);
}

/** An error from the table with an optional SCPI-style `;detail` appended to its message. */
export function haiError(name: HaiErrorName, detail?: string): HaiError {
  const { code, message } = HAI_ERRORS[name];
  return { code, message: detail === undefined ? message : `${message};${detail}` };
}
