/** Typed harness failures, so the runner maps them to exit codes by class, never by text. */

export class HilError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The device did not answer at all (runner exit 3). */
export class HilSilentDeviceError extends HilError {}

/** The device answered, but refused or answered nonsense for an operation the harness needed. */
export class HilDeviceError extends HilError {}

/** A wait in device time ran out (an expectLine / waitForEvent that never matched). */
export class HilTimeoutError extends HilError {}

/** The operation needs an emulator (SIM back door, unplug) and this is a real device. */
export class HilUnsupportedError extends HilError {}

/** A value was not what the test expected. */
export class HilAssertionError extends HilError {}
