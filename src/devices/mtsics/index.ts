/** Lab balances for gravimetric flow measurement. */
export { MtSicsBalance } from './device.ts';
export { openMtSicsBalance, parseBalanceSpec } from './open.ts';
export { BalanceError } from './errors.ts';
export type { WeightReading } from './replies.ts';
