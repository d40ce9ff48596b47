// What executing one request comes to, before it is formatted as the reply line.
import { haiError, type HaiError, type HaiErrorName } from '../../../protocols/hai/errors.ts';

export type Outcome = { kind: 'ok' } | { kind: 'value'; text: string } | { kind: 'error'; error: HaiError };

export const ok: Outcome = { kind: 'ok' };
export const value = (text: string): Outcome => ({ kind: 'value', text });
export const fail = (name: HaiErrorName, detail?: string): Outcome => ({ kind: 'error', error: haiError(name, detail) });
