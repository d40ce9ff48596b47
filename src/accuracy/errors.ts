/** Why an analysis was refused. Callers (the CLI, a report) switch on `code`; `message` is one line for a person. */
export type AccuracyErrorCode =
  | 'too-few-samples'
  | 'non-monotone-time'
  | 'gap'
  | 'irregular-sampling'
  | 'window-too-long'
  | 'bad-window'
  | 'bad-rate'
  | 'bad-density'
  | 'bad-period'
  | 'bad-sample'
  | 'temperature-out-of-range';

export class AccuracyError extends Error {
  constructor(
    readonly code: AccuracyErrorCode,
    message: string,
  ) {
    super(message.split('\n')[0]);
    this.name = 'AccuracyError';
  }
}
