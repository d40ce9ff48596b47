/**
 * The hardware abstraction layer: everything the firmware touches outside its own RAM.
 * The app and personalities see only these interfaces, so the same firmware runs on a pty,
 * in-process, or (one day) an MCU whose drivers implement them.
 */

/** A byte-oriented serial port. Writes are fire-and-forget, like a UART TX FIFO. */
export interface Uart {
  write(bytes: Uint8Array): void;
  /** Registers the RX handler; received bytes are queued by the app and drained on its tick. */
  onBytes(handler: (bytes: Uint8Array) => void): void;
  close(): Promise<void>;
}

/** A monotonic millisecond counter plus a one-shot timer (a SysTick with a compare register). */
export interface DeviceClock {
  nowMs(): number;
  setTimer(callback: () => void, delayMs: number): number;
  cancelTimer(id: number): void;
}

/**
 * Non-volatile memory as a small number of independently writable slots (flash sectors).
 * A write is durable once it returns; a power cut during a write may leave that one slot torn,
 * never another one. Reads return undefined for a never-written slot.
 */
export interface Nvm {
  readonly slotCount: number;
  readonly slotSizeBytes: number;
  /**
   * True when the medium is factory-new: never written by a device (a missing NVM file, one
   * re-initialised on purpose, fresh RAM). Only then do empty slots mean "a new device"; empty
   * slots on a medium that is not new mean it was wiped, and the device must say so.
   */
  readonly factoryNew: boolean;
  readSlot(slot: number): Uint8Array | undefined;
  writeSlot(slot: number, bytes: Uint8Array): void;
  close(): void;
}

/** A sensor read either yields a value or fails (open circuit, ADC fault). */
export type SensorReading = { ok: true; value: number } | { ok: false; reason: string };

export interface Sensors {
  reservoirTempC(): SensorReading;
  ambientMmHg(): SensorReading;
  arterialMmHg(): SensorReading;
  /** The reservoir volume (bellows position) sensor answers; when it fails, volume reads are refused. */
  volumeSensorOk(): boolean;
}
