/**
 * Makes first contact with a driver just opened. When that fails the driver is closed (its port,
 * or its share of a chain's line) before the error goes on, so a failed open leaves nothing open.
 */
export async function afterFirstContact<D extends { close(): Promise<void> }>(device: D, connect: () => Promise<void>): Promise<D> {
  try {
    await connect();
  } catch (error) {
    await device.close();
    throw error;
  }
  return device;
}
