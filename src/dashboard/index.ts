/** The local web application (`haipump dashboard`). Runs publish to it through publish/publisher.ts, which loads nothing else. */
export { DEFAULT_HOST, startDashboard, type RunningDashboard } from './server.ts';
