import { openMtSicsBalance, parseBalanceSpec, type MtSicsBalance } from '../../devices/balance/index.ts';
import { openHaiDevice } from '../../devices/hai/index.ts';
import { openNewEraDevice } from '../../devices/newera/index.ts';
import type { PumpDevice } from '../../devices/pump-device.ts';

export type PumpSpec = { kind: 'ne1000' | 'hai'; path: string; baudRate: number | undefined };

/** `ne1000:PATH[@BAUD]` or `hai:PATH[@BAUD]`; undefined for anything else. */
export function parsePumpSpec(text: string): PumpSpec | undefined {
  const match = /^(ne1000|hai):(.+?)(?:@(\d+))?$/.exec(text);
  if (match === null || match[2] === undefined) return undefined;
  const kind = match[1] === 'hai' ? 'hai' : 'ne1000';
  return { kind, path: match[2], baudRate: match[3] === undefined ? undefined : Number(match[3]) };
}

export const PUMP_SPEC_HELP = 'ne1000:PATH[@BAUD] or hai:PATH[@BAUD] (elite11 once its driver lands)';

/** Opens the pump named by a spec. Timeouts run on real time: a slow reply is slow in real seconds whatever --speed says. */
export async function openPump(spec: PumpSpec, options: { syringe?: string | undefined } = {}): Promise<PumpDevice> {
  if (spec.kind === 'hai') return openHaiDevice({ path: spec.path, ...(spec.baudRate === undefined ? {} : { baudRate: spec.baudRate }) });
  return openNewEraDevice({
    path: spec.path,
    ...(spec.baudRate === undefined ? {} : { baudRate: spec.baudRate }),
    ...(options.syringe === undefined ? {} : { syringe: options.syringe }),
  });
}

/** Opens the balance named by `mtsics:PATH[@BAUD]`. */
export async function openBalance(text: string): Promise<MtSicsBalance> {
  const spec = parseBalanceSpec(text);
  if (spec === undefined) throw new Error(`balance ${JSON.stringify(text)}: expected mtsics:PATH[@BAUD]`);
  return openMtSicsBalance({ path: spec.path, baudRate: spec.baudRate });
}
