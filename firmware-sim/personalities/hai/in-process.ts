import { DEFAULT_PUMP_PROFILE } from '../../../src/model/default-profile.ts';
import type { VirtualClock } from '../../../src/model/clock.ts';
import type { PumpProfile } from '../../../src/model/profile.ts';
import { lineDecoder, startInProcess, type InProcessDevice } from '../../app/in-process.ts';
import { createHaiDevice, type HaiFirmwareDevice, type HaiFirmwareDeviceOptions } from './index.ts';

export interface InProcessHai extends InProcessDevice<HaiFirmwareDevice, string> {
  /** Every line the device sent so far (terminator removed, Latin-1). */
  readonly lines: string[];
  /** Sends `text` + LF and returns the lines that came back (unsolicited ones included). */
  send(text: string): string[];
  /** The one non-`!` line among what `send(text)` returned (undefined if none: mute, slow). */
  request(text: string): string | undefined;
}

/** A HAI device on an in-process cable in virtual time (app/in-process.ts). */
export function startInProcessHai(
  options: Partial<Omit<HaiFirmwareDeviceOptions, 'uart' | 'clock'>> & { clock?: VirtualClock; profile?: PumpProfile } = {},
): InProcessHai {
  const rig = startInProcess(
    (io) => createHaiDevice({ ...options, profile: options.profile ?? DEFAULT_PUMP_PROFILE, ...io }),
    lineDecoder(),
    options,
  );
  const send = (text: string): string[] => rig.sendBytes(Buffer.from(`${text}\n`, 'latin1'));
  return {
    ...rig,
    lines: rig.received,
    send,
    request: (text) => send(text).find((line) => !line.startsWith('!')),
  };
}
