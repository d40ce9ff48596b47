export * from './types.ts';
export * from './accounting.ts';
export * from './machine.ts';
export * from './scenario.ts';
export * from './runner.ts';
export * from './states.ts';
export * from './persistence.ts';
export * from './timeline-text.ts';
