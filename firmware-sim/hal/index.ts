export type { Uart, DeviceClock, Nvm, Sensors, SensorReading } from './types.ts';
export { deviceClockFrom } from './device-clock.ts';
export { createUartPair, uartToDuplex, type UartPair } from './uart-pair.ts';
export { openSerialUart, openSwitchableSerialUart, type SwitchableUart } from './uart-serialport.ts';
export {
  createPtyPair,
  createCableRelay,
  startSocat,
  ptyAddress,
  trackChild,
  trackDir,
  stopChild,
  liveChildCount,
  liveChildPids,
  type PtyPair,
  type PtyPairOptions,
  type CableRelay,
  type CableRelayOptions,
  type RestartOptions,
  type SocatOptions,
  type SocatProcess,
} from './pty.ts';
export { MemoryNvm } from './nvm-memory.ts';
export { FileNvm } from './nvm-file.ts';
export { SimSensors, type SensorName, type SimEnvironment } from './sensors-sim.ts';
