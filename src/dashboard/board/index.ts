export type { Board } from './board.ts';
export { refillBoard } from './board.ts';
export { boardCalendar } from './calendar.ts';
export { flowHistorySpec } from './flow-chart.ts';
