import { asset, indexHtml } from '../assets.ts';
import { HttpError, send, sendJson } from '../http/respond.ts';
import type { Router } from '../http/router.ts';
import type { DashboardContext } from './context.ts';

export function addPageRoutes(router: Router, context: DashboardContext): void {
  router.get('/', ({ res }) => send(res, 200, 'text/html; charset=utf-8', indexHtml(context.token)));
  router.get('/assets/:name', ({ res, params }) => {
    const found = asset(params.name ?? '');
    if (found === undefined) throw new HttpError(404, `no asset "${params.name}"`);
    send(res, 200, found.contentType, found.body);
  });
  router.get('/api/status', ({ res }) =>
    sendJson(res, {
      allowControl: context.allowControl,
      timeZone: context.timeZone,
      database: context.dbPath,
      watchers: context.hub.watchers,
    }),
  );
  router.get('/api/events', ({ res }) => context.hub.attach(res));
}
