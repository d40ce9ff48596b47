import type { VirtualClock } from '../../../src/model/clock.ts';
import { lineDecoder, startInProcess, type InProcessDevice } from '../../app/in-process.ts';
import { createMtSicsDevice, type MtSicsDevice, type MtSicsDeviceOptions } from './index.ts';

export interface InProcessMtSics extends InProcessDevice<MtSicsDevice, string> {
  /** Every line the balance sent so far (CR LF removed, Latin-1). */
  readonly lines: string[];
  /** Sends `text` + CR LF, runs one loop iteration, returns the lines that came back. */
  send(text: string): string[];
}

/** A balance on an in-process cable in virtual time, for fast deterministic tests. */
export function startInProcessMtSics(
  options: Partial<Omit<MtSicsDeviceOptions, 'uart' | 'clock'>> & { clock?: VirtualClock } = {},
): InProcessMtSics {
  const rig = startInProcess((io) => createMtSicsDevice({ ...options, ...io }), lineDecoder({ dropCr: true }), options);
  return { ...rig, lines: rig.received, send: (text) => rig.sendBytes(Buffer.from(`${text}\r\n`, 'latin1')) };
}
