export * from './flow.ts';
export * from './due.ts';
export * from './drain.ts';
export * from './drift.ts';
export * from './status.ts';
export * from './local-time.ts';
export * from './ics.ts';
export * from './vtimezone.ts';
