import { openMtSicsBalance, parseBalanceSpec, type MtSicsBalance } from '../../devices/mtsics/index.ts';
import { openDevice, parseDeviceSpec, type OpenedDevice } from '../../devices/index.ts';

export type PumpSpec = Exclude<ReturnType<typeof parseDeviceSpec>, { kind: 'sim' }>;

/** A serial pump in the device registry's grammar; undefined for anything else (and for `sim`). */
export function parsePumpSpec(text: string): PumpSpec | undefined {
  try {
    const spec = parseDeviceSpec(text);
    return spec.kind === 'sim' ? undefined : spec;
  } catch {
    return undefined;
  }
}

export const PUMP_SPEC_HELP = 'ne1000:PATH[@BAUD], elite11:PATH[@BAUD] or hai:PATH[@BAUD]';

/** Opens the pump named by a spec. Timeouts run on real time: a slow reply is slow in real seconds whatever --speed says. */
export function openPump(spec: PumpSpec, options: { syringe?: string | undefined } = {}): Promise<OpenedDevice> {
  return openDevice(spec, options.syringe === undefined ? {} : { syringe: options.syringe });
}

/** Opens the balance named by `mtsics:PATH[@BAUD]`. */
export async function openBalance(text: string): Promise<MtSicsBalance> {
  const spec = parseBalanceSpec(text);
  if (spec === undefined) throw new Error(`balance ${JSON.stringify(text)}: expected mtsics:PATH[@BAUD]`);
  return openMtSicsBalance({ path: spec.path, baudRate: spec.baudRate });
}
