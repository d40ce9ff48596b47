/** Lab balances for gravimetric flow measurement. */
export { MtSicsBalance, type MtSicsBalanceOptions, type BalanceInfo, type ContinuousReading, type ContinuousListener } from './device.ts';
export { openMtSicsBalance, parseBalanceSpec, type OpenBalanceOptions } from './open.ts';
export { BalanceError, type BalanceErrorCode } from './errors.ts';
export type { WeightReading } from './replies.ts';
