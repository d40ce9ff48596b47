/**
 * The HAI firmware in this process on an asynchronous in-process cable, world time frozen
 * (the controller advances it), with the firmware handle kept so a test can reach behind the
 * protocol: read its integer counters, or break its plant (a leak, a blocked catheter).
 */
import { RealClock } from '../../../src/model/clock.ts';
import { DEFAULT_PUMP_PROFILE, type PumpProfile } from '../../../src/model/index.ts';
import { MemoryNvm } from '../../../firmware-sim/hal/nvm-memory.ts';
import { createUartPair } from '../../../firmware-sim/hal/uart-pair.ts';
import { createHaiDevice, type HaiFirmwareDevice as Firmware } from '../../../firmware-sim/personalities/hai/index.ts';
import { connectInProcessHai, type HaiDevice } from '../../../src/devices/hai/index.ts';

export interface InProcessRig {
  firmware: Firmware;
  device: HaiDevice;
  close(): Promise<void>;
}

export async function startInProcessRig(options: { profile?: PumpProfile; simulation?: boolean } = {}): Promise<InProcessRig> {
  const pair = createUartPair({ deliverSync: false });
  const clock = new RealClock();
  const firmware = createHaiDevice({
    profile: options.profile ?? DEFAULT_PUMP_PROFILE,
    uart: pair.device,
    clock,
    nvm: new MemoryNvm(),
    speed: 0,
    sleepWhenIdle: true,
    simulation: options.simulation ?? true,
  });
  firmware.start();
  const device = await connectInProcessHai({ pipe: pair.host, timeoutMs: 2000 });
  return {
    firmware,
    device,
    close: async () => {
      await device.close();
      firmware.stop();
      clock.clearAll();
    },
  };
}
