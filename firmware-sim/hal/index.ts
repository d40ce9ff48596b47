export type { Uart, DeviceClock, Nvm, Sensors, SensorReading } from './types.ts';
export { deviceClockFrom } from './device-clock.ts';
export { createUartPair, uartToDuplex, type UartPair } from './uart-pair.ts';
export { openSerialUart } from './uart-serialport.ts';
export { MemoryNvm } from './nvm-memory.ts';
export { FileNvm } from './nvm-file.ts';
export { SimSensors, type SensorName, type SimEnvironment } from './sensors-sim.ts';
