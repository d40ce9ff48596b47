/**
 * The pumps the project drives, by the name every layer uses for them: the implanted HAI pump
 * and the two bench syringe pumps. Each has a driver (src/devices), an emulator personality
 * (firmware-sim) and a HIL dialect (src/hil); `DEV` strings (`ne1000:/dev/ttyUSB0`) start with it.
 */
export const DEVICE_KINDS = ['hai', 'ne1000', 'elite11'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** The bench syringe pumps among them (New Era NE-1000, Harvard Pump 11 Elite). */
export const SYRINGE_PUMP_KINDS = ['ne1000', 'elite11'] as const satisfies readonly DeviceKind[];
export type SyringePumpKind = (typeof SYRINGE_PUMP_KINDS)[number];
