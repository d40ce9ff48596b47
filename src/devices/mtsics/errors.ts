/** Why a balance request failed; callers branch on `code`, people read `message` (one line). */
export type BalanceErrorCode =
  | 'overload' // `<cmd> +`: above the weighing range
  | 'underload' // `<cmd> -`: below it (pan off)
  | 'zero-range' // `Z +`/`Z -`, `ZI +`/`ZI -`: outside the zero setting range
  | 'tare-range' // `T +`/`T -`, `TI +`/`TI -`: outside the taring range
  | 'unstable' // `<cmd> I`: not stable within the balance's time limit, or busy
  | 'syntax' // ES
  | 'logic' // EL
  | 'transmission' // ET
  | 'parameter' // `<cmd> L`
  | 'unit' // a unit the driver will not convert (lb, ct, ...)
  | 'silent' // no reply at all
  | 'busy' // continuous mode is on
  | 'protocol' // a reply that is not what the command answers
  | 'link'; // the port could not be opened or went away

export class BalanceError extends Error {
  override name = 'BalanceError';
  constructor(
    readonly code: BalanceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
