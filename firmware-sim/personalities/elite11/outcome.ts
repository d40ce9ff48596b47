// What a command handler returns: body lines or an error; the firmware adds the prompt.
import { HARVARD_MESSAGES, commandError } from '../../../protocols/harvard/index.ts';
import type { HarvardError } from '../../../protocols/harvard/index.ts';

export interface Outcome {
  lines?: string[];
  error?: HarvardError;
  /** Runs after the reply has gone out (address and baud changes answer the old way). */
  after?: () => void;
}

export const refused = (error: HarvardError): Outcome => ({ error });
export const notWhileRunning: Outcome = refused(commandError(HARVARD_MESSAGES.notWhileRunning));
