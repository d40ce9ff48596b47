import { HAI_FACTORY_BAUD } from '../../protocols/hai/limits.ts';
import { NE_FACTORY_BAUD, type PumpModel } from '../../protocols/newera/index.ts';
import type { Clock } from '../../src/model/clock.ts';
import { DEFAULT_PUMP_PROFILE } from '../../src/model/default-profile.ts';
import { MemoryNvm } from '../hal/nvm-memory.ts';
import { openSerialUart } from '../hal/uart-serialport.ts';
import { createHaiDevice, NL_PER_ML as HAI_NL_PER_ML } from '../personalities/hai/index.ts';
import type { DeliverySource } from '../personalities/mtsics/delivery.ts';
import { createNe1000Device, NL_PER_ML as NE_NL_PER_ML, openSwitchableSerialUart } from '../personalities/ne1000/index.ts';
import { deviceDeliverySource } from './sources.ts';

/** A pump emulator started by the rig, with the delivery its balance sees. */
export interface RigPump {
  readonly name: string;
  readonly source: DeliverySource;
  stop(): Promise<void>;
}

export interface RigPumpContext {
  /** The serial device the pump emulator runs on (a pty end or a USB adapter). */
  devicePath: string;
  clock: Clock;
  speed: number;
  /** A syringe pump's model limits (hardware/pump-models.json, loaded by the caller). */
  limits?: PumpModel;
}

export type RigPumpFactory = (context: RigPumpContext) => Promise<RigPump>;

/** The implanted HAI pump: it delivers once filled (PUMP:FILL over its port). */
export const haiRigPump: RigPumpFactory = async ({ devicePath, clock, speed }) => {
  const uart = await openSerialUart(devicePath, HAI_FACTORY_BAUD);
  const device = createHaiDevice({ profile: DEFAULT_PUMP_PROFILE, uart, clock, nvm: new MemoryNvm(), speed });
  device.start();
  return {
    name: 'hai',
    source: deviceDeliverySource(device, (state) => state.totals.deliveredNl / HAI_NL_PER_ML),
    stop: async () => {
      device.stop();
      await uart.close();
    },
  };
};

/** A New Era NE-1000 syringe pump at its factory baud; the beaker gets infused minus withdrawn volume. */
export const ne1000RigPump: RigPumpFactory = async ({ devicePath, clock, speed, limits }) => {
  if (limits === undefined) throw new Error('the ne1000 rig pump needs its model limits');
  const uart = await openSwitchableSerialUart(devicePath, NE_FACTORY_BAUD);
  const device = createNe1000Device({ uart, clock, nvm: new MemoryNvm(), limits, speed });
  device.start();
  return {
    name: 'ne1000',
    source: deviceDeliverySource(device, (state) => Math.max(0, state.infusedNl - state.withdrawnNl) / NE_NL_PER_ML),
    stop: async () => {
      device.stop();
      await uart.close();
    },
  };
};

/** Pump personalities a rig can run beside the balance. */
export const RIG_PUMPS: Record<string, RigPumpFactory> = {
  hai: haiRigPump,
  ne1000: ne1000RigPump,
};
