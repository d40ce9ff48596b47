/** `--device DEV` / `check DEV`: the device registry's grammar, refused in the flag's words. */
import * as z from 'zod';
import { parseDeviceSpec, type DeviceSpec } from '../devices/index.ts';
import { describeError } from '../model/errors.ts';

export type SerialDeviceSpec = Exclude<DeviceSpec, { kind: 'sim' }>;

export const SERIAL_DEVICE_HELP = 'ne1000:PATH[@BAUD], elite11:PATH[@BAUD] or hai:PATH';

function parsed(text: string, ctx: z.RefinementCtx): DeviceSpec | undefined {
  try {
    return parseDeviceSpec(text);
  } catch (error) {
    // parseDeviceSpec says `--device "TEXT": why`; say it as `why, got "TEXT"`.
    const why = describeError(error).replace(/^--device "(?:[^"\\]|\\.)*": /, '');
    ctx.addIssue({ code: 'custom', message: `${why}, got ${JSON.stringify(text)}` });
    return undefined;
  }
}

/** Any device, `sim` (in-process) included. */
export const deviceFlag = z.string().transform((text, ctx): DeviceSpec => parsed(text, ctx) ?? z.NEVER);

/** A device on a serial line: a bench check needs a real one. */
export const serialDeviceFlag = z.string().transform((text, ctx): SerialDeviceSpec => {
  const spec = parsed(text, ctx);
  if (spec === undefined) return z.NEVER;
  if (spec.kind !== 'sim') return spec;
  ctx.addIssue({ code: 'custom', message: `needs a serial device: ${SERIAL_DEVICE_HELP}, got "sim"` });
  return z.NEVER;
});
